using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Continuum.Pce.Api.Tests.Support;

/// <summary>Small helpers to post JSON and read JSON answers as <see cref="JsonElement"/>.</summary>
public static class Json
{
    public static async Task<(int Status, JsonElement Body)> SendAsync(this HttpClient http, HttpMethod method, string path, object? body = null, string? rawBody = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(k, v);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, json);
    }

    public static Task<(int Status, JsonElement Body)> PostAsync(this HttpClient http, string path, object body, IDictionary<string, string>? headers = null) =>
        http.SendAsync(HttpMethod.Post, path, body, headers: headers);

    public static Task<(int Status, JsonElement Body)> GetJsonAsync(this HttpClient http, string path) => http.SendAsync(HttpMethod.Get, path);

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
