namespace Convene.Gateway.Apis;

/// <summary>
/// The OpenAPI 3.1 description of the backend API, served at <c>/openapi/v1.json</c>. Written by hand:
/// it describes the spec's operation envelope as well as the REST resources.
/// </summary>
internal static class OpenApiDocument
{
    /// <summary>The document.</summary>
    public const string Json = """
{
  "openapi": "3.1.0",
  "info": { "title": "Convene backend API", "version": "v1",
    "description": "Users, access tokens, groups (rooms), members and permissions, for the app's own server. Authenticate with the app token: Authorization: Bearer <app token> (or the token field / query parameter on /api)." },
  "components": {
    "securitySchemes": { "appToken": { "type": "http", "scheme": "bearer" } },
    "schemas": {
      "Error": { "type": "object", "required": ["result", "error"], "properties": {
        "op": { "type": "string" }, "result": { "const": false }, "error": { "type": "string", "description": "names the offending field" } } },
      "Permissions": { "type": "object", "description": "0 members, 1 selected members, 2 anyone (recv 2 = round-robin)", "properties": {
        "send": { "enum": [0, 1, 2] }, "recv": { "enum": [0, 1, 2] }, "pub": { "enum": [0, 1, 2] }, "sub": { "enum": [0, 1, 2] }, "list": { "enum": [0, 1, 2] } } },
      "MemberPermissions": { "type": "object", "properties": {
        "send": { "type": "boolean" }, "recv": { "type": "boolean" }, "pub": { "type": "boolean" }, "sub": { "type": "boolean" }, "list": { "type": "boolean" } } },
      "Admin": { "type": "object", "properties": {
        "owner": { "type": "boolean" }, "admin": { "type": "boolean" }, "modify": { "type": "boolean" }, "remove": { "type": "boolean" },
        "adduser": { "type": "boolean" }, "remuser": { "type": "boolean" }, "addadmin": { "type": "boolean" }, "remadmin": { "type": "boolean" }, "remowner": { "type": "boolean" } } },
      "Members": { "type": "object", "required": ["m"], "properties": {
        "m": { "oneOf": [ { "type": "string", "description": "comma-separated addresses" }, { "type": "array", "items": { "type": "string" }, "maxItems": 1000 } ] },
        "remove": { "type": "boolean" }, "permissions": { "$ref": "#/components/schemas/MemberPermissions" }, "admin": { "$ref": "#/components/schemas/Admin" } } },
      "Group": { "type": "object", "properties": {
        "gid": { "type": "integer" }, "name": { "type": "string", "maxLength": 256 },
        "flags": { "type": "integer", "description": "OR of 0x1, 0x2, 0x10, 0x20, 0x40, 0x80, 0x100, 0x200, 0x1000, 0x2000, 0x10000, 0x20000" },
        "active": { "type": "boolean" }, "type": { "type": "integer", "description": "message type the send/recv permissions apply to" },
        "permissions": { "$ref": "#/components/schemas/Permissions" },
        "validity": { "type": "object", "properties": { "start": { "type": "integer" }, "duration": { "type": "integer" }, "expiryext": { "type": "integer" } } },
        "call": { "type": "object", "properties": { "flags": { "type": "integer" }, "resolution": { "enum": [0, 1, 2, 3] }, "maxdur": { "type": "integer" },
          "default": { "type": "boolean" }, "audio": { "type": "boolean" }, "video": { "type": "boolean" }, "screen": { "type": "boolean" },
          "simulcast": { "type": "boolean" }, "bitrate": { "type": "integer" } } },
        "members": { "$ref": "#/components/schemas/Members" } } },
      "User": { "type": "object", "required": ["address"], "properties": {
        "address": { "type": "string", "maxLength": 128 }, "name": { "type": "string" },
        "token": { "type": "object", "properties": { "expiry": { "type": "integer", "description": "minutes" } } } } },
      "Operation": { "type": "object", "required": ["op"], "properties": {
        "op": { "enum": ["useradd", "userdel", "groupadd", "groupset", "groupdel", "groupeditmembers", "groupgetmembers", "groupget"] },
        "token": { "type": "string" }, "user": { "$ref": "#/components/schemas/User" }, "group": { "$ref": "#/components/schemas/Group" },
        "count": { "type": "integer" }, "offset": { "type": "integer" } } },
      "GroupAnswer": { "type": "object", "properties": { "group": { "type": "object", "properties": { "gid": { "type": "integer" } } },
        "op": { "type": "string" }, "result": { "const": true } } }
    },
    "responses": {
      "Error": { "description": "bad input (400), wrong token (401), refused (403), unknown gid or user (404), body over 64 KiB (413); nothing changed",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
    }
  },
  "security": [ { "appToken": [] } ],
  "paths": {
    "/api": {
      "post": { "summary": "Run a backend operation (JSON body, or the query-string form with an empty body)",
        "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Operation" } } } },
        "responses": { "200": { "description": "done", "content": { "application/json": { "schema": { "type": "object" } } } },
          "4XX": { "$ref": "#/components/responses/Error" } } },
      "get": { "summary": "Run a backend operation from the query string (op, token, gid, name, flags, m, cansend, canrecv, canpub, cansub, canlist, delete, addr, count, offset)",
        "responses": { "200": { "description": "done" }, "4XX": { "$ref": "#/components/responses/Error" } } }
    },
    "/v1/users": { "post": { "summary": "useradd: create a user or regenerate its access token",
      "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/User" } } } },
      "responses": { "200": { "description": "user.address, user.token (shown once)" }, "4XX": { "$ref": "#/components/responses/Error" } } } },
    "/v1/users/{address}": { "delete": { "summary": "userdel",
      "parameters": [ { "name": "address", "in": "path", "required": true, "schema": { "type": "string" } } ],
      "responses": { "200": { "description": "deleted" }, "4XX": { "$ref": "#/components/responses/Error" } } } },
    "/v1/groups": { "post": { "summary": "groupadd",
      "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Group" } } } },
      "responses": { "201": { "description": "created", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/GroupAnswer" } } } },
        "4XX": { "$ref": "#/components/responses/Error" } } } },
    "/v1/groups/{gid}": {
      "parameters": [ { "name": "gid", "in": "path", "required": true, "schema": { "type": "integer" } } ],
      "get": { "summary": "the group's settings", "responses": { "200": { "description": "group" }, "4XX": { "$ref": "#/components/responses/Error" } } },
      "patch": { "summary": "groupset", "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Group" } } } },
        "responses": { "200": { "description": "changed" }, "4XX": { "$ref": "#/components/responses/Error" } } },
      "delete": { "summary": "groupdel", "responses": { "200": { "description": "deleted" }, "4XX": { "$ref": "#/components/responses/Error" } } } },
    "/v1/groups/{gid}/members": { "get": { "summary": "groupgetmembers",
      "parameters": [ { "name": "gid", "in": "path", "required": true, "schema": { "type": "integer" } },
        { "name": "count", "in": "query", "schema": { "type": "integer", "maximum": 1000 } }, { "name": "offset", "in": "query", "schema": { "type": "integer" } } ],
      "responses": { "200": { "description": "members page" }, "4XX": { "$ref": "#/components/responses/Error" } } } },
    "/v1/groups/{gid}/members/{address}": {
      "parameters": [ { "name": "gid", "in": "path", "required": true, "schema": { "type": "integer" } },
        { "name": "address", "in": "path", "required": true, "schema": { "type": "string" } } ],
      "put": { "summary": "add or update a member (groupeditmembers)", "requestBody": { "content": { "application/json": { "schema": { "type": "object", "properties": {
          "permissions": { "$ref": "#/components/schemas/MemberPermissions" }, "admin": { "$ref": "#/components/schemas/Admin" }, "type": { "type": "integer" } } } } } },
        "responses": { "200": { "description": "done" }, "4XX": { "$ref": "#/components/responses/Error" } } },
      "delete": { "summary": "remove a member (groupeditmembers remove)", "responses": { "200": { "description": "done" }, "4XX": { "$ref": "#/components/responses/Error" } } } }
  }
}
""";
}
