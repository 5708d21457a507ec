var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health", () => Results.Json(new { status = "ok" }));
app.Run();

/// <summary>The silo host; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
