using Convene.Gateway;
using Convene.Gateway.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddConveneGateway();
var app = builder.Build();
app.MapGet("/health", () => Results.Json(new { status = "ok" }));
app.MapBackendApi();
app.Run();

/// <summary>The silo host; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
