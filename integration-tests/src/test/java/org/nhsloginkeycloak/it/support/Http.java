package org.nhsloginkeycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An HTTP client that keeps cookies and never follows redirects by itself, so a test sees each step of a login as a
 * browser's address bar would.
 */
public final class Http {

    private final HttpClient client;

    public Http() {
        client = HttpClient.newBuilder()
                .cookieHandler(new LoopbackCookies())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Keycloak marks its cookies {@code Secure}; browsers still send them to {@code http://127.0.0.1} and
     * {@code localhost}, which they treat as secure contexts. Java's cookie manager does not, so loopback requests
     * are looked up as if they were HTTPS.
     */
    private static final class LoopbackCookies extends CookieHandler {

        private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
            return cookies.get(isLoopback(uri) ? asHttps(uri) : uri, requestHeaders);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
            cookies.put(uri, responseHeaders);
        }

        private static boolean isLoopback(URI uri) {
            return "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost());
        }

        private static URI asHttps(URI uri) {
            try {
                return new URI("https", uri.getUserInfo(), uri.getHost(), uri.getPort(), uri.getPath(), null, null);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    public HttpResponse<String> get(URI uri, String... headers) {
        return send(request(uri, headers).GET().build());
    }

    public HttpResponse<String> postForm(URI uri, Map<String, String> form, String... headers) {
        return send(request(uri, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))).build());
    }

    public HttpResponse<String> sendJson(String method, URI uri, String json, String... headers) {
        return send(request(uri, headers).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A plain-text body, as the admin API takes one localization text. */
    public HttpResponse<String> sendText(String method, URI uri, String text, String... headers) {
        return send(request(uri, headers).header("Content-Type", "text/plain; charset=utf-8")
                .method(method, HttpRequest.BodyPublishers.ofString(text)).build());
    }

    public static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static HttpRequest.Builder request(URI uri, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
