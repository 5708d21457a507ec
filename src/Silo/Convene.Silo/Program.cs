using Convene.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddConveneSilo();

var app = builder.Build();
app.MapConveneSilo();
app.Run();

/// <summary>The silo host; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
