using Convene.Gateway;
using Convene.Gateway.Apis;
using Convene.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddConveneSilo();
builder.AddConveneGateway();

var app = builder.Build();
app.MapConveneSilo();
app.MapBackendApi();
app.MapConveneHub();
app.Run();

/// <summary>The silo host; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
