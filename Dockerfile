# Convene silo (Orleans silo + gateway: HTTP/SignalR hub, backend API, SDK, media relay) in one image.
# Build:  docker build -t convene .
# Run one silo (SQLite in the /data volume):
#   docker run -p 8080:8080 -p 40000:40000/udp -e Convene__AppToken=... \
#     -e Convene__Media__BindAddress=<container IP> -e Convene__Media__AdvertisedAddress=<address browsers reach> convene
# A cluster: docker-compose.yml and docs/cluster.md.

# ---- build ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the package layer is cached across source changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Media/Convene.Media/Convene.Media.csproj src/Media/Convene.Media/
COPY src/Grains/Convene.Grains.Abstractions/Convene.Grains.Abstractions.csproj src/Grains/Convene.Grains.Abstractions/
COPY src/Grains/Convene.Grains/Convene.Grains.csproj src/Grains/Convene.Grains/
COPY src/Gateway/Convene.Gateway/Convene.Gateway.csproj src/Gateway/Convene.Gateway/
COPY src/Silo/Convene.Silo/Convene.Silo.csproj src/Silo/Convene.Silo/
RUN dotnet restore src/Silo/Convene.Silo
COPY src/ src/
RUN dotnet publish src/Silo/Convene.Silo -c Release -o /app --no-restore

# ---- runtime ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The image's non-root user "app" ($APP_UID). /data holds the SQLite file (Convene:Storage=sqlite, the default);
# with azure or postgres storage nothing is written there.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
USER $APP_UID
ENV urls=http://0.0.0.0:8080 \
    Convene__DataDirectory=/data
# HTTP (hub, backend API, SDK, demo page, /health)
EXPOSE 8080
# Orleans silo-to-silo and gateway (Convene:Cluster:SiloPort / GatewayPort; set them, the default 0 picks a free port)
EXPOSE 11111 30000
# Media relay (Convene:Media:Port): one UDP port per silo
EXPOSE 40000/udp
# No HEALTHCHECK: the aspnet image has neither curl nor wget. Probe GET /health from outside
# (a load balancer or an orchestrator's HTTP probe).
ENTRYPOINT ["dotnet", "Convene.Silo.dll"]
