package org.nhsloginkeycloak.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * One citizen's browser without JavaScript for one journey: its own cookies, Keycloak's redirects followed, forms
 * submitted with their hidden fields, as the integration tests' {@code Citizen} does. Citizens share one
 * {@link HttpClient}, so connections are reused as a browser's would be, and keep their cookies here.
 */
final class CitizenBrowser {

    /** Where a step ends: a Keycloak page, or a redirect away from Keycloak (to the partner). */
    record Landing(URI uri, Document page, URI redirect) {

        boolean has(String selector) {
            return page != null && page.selectFirst(selector) != null;
        }

        /** The page's error summary, or its heading when it has none: what the citizen reads first. */
        String headline() {
            if (page == null) {
                return "redirect to " + redirect.getScheme() + "://" + redirect.getHost() + redirect.getPath();
            }
            Element summary = page.selectFirst("#nhs-error-summary");
            Element heading = page.selectFirst("h1");
            return summary != null ? summary.text() : heading != null ? heading.text() : page.title();
        }
    }

    private final HttpClient http;
    private final URI keycloak;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    CitizenBrowser(HttpClient http, URI keycloak) {
        this.http = http;
        this.keycloak = keycloak;
    }

    Landing open(URI uri) throws IOException {
        return follow(uri, send(HttpRequest.newBuilder(uri).GET()));
    }

    /** Submits form {@code selector} with its current values, changed by {@code fields}. */
    Landing submit(Landing landing, String selector, Map<String, String> fields) throws IOException {
        Element form = landing.page() == null ? null : landing.page().selectFirst(selector);
        if (form == null) {
            throw new IllegalStateException("No form " + selector + " where the journey stands: " + landing.headline());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            String type = input.attr("type");
            if (!type.equals("submit") && !type.equals("button") && !input.hasAttr("disabled")) {
                values.put(input.attr("name"), input.val());
            }
        }
        values.putAll(fields);
        URI action = landing.uri().resolve(form.attr("action"));
        String body = values.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return follow(action, send(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    private Landing follow(URI uri, HttpResponse<String> response) throws IOException {
        URI current = uri;
        HttpResponse<String> step = response;
        for (int hops = 0; hops < 20; hops++) {
            int status = step.statusCode();
            if (status < 300 || status >= 400) {
                return new Landing(current, Jsoup.parse(step.body(), current.toString()), null);
            }
            URI next = current.resolve(step.headers().firstValue("Location").orElseThrow());
            if (!keycloak.getHost().equals(next.getHost()) || keycloak.getPort() != next.getPort()) {
                return new Landing(current, null, next);
            }
            current = next;
            step = send(HttpRequest.newBuilder(next).GET());
        }
        throw new IllegalStateException("More than 20 redirects from " + uri);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            response.headers().allValues("Set-Cookie").forEach(this::keep);
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }

    /**
     * Every cookie goes back to Keycloak whatever its path or {@code Secure} flag: a journey only visits the realm's
     * pages on loopback, where browsers send secure cookies over plain HTTP too.
     */
    private void keep(String setCookie) {
        String[] parts = setCookie.split(";");
        String[] pair = parts[0].split("=", 2);
        String name = pair[0].trim();
        boolean expired = false;
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim().toLowerCase(java.util.Locale.ROOT);
            expired |= attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970")
                    || attribute.startsWith("expires=thu, 01-jan-1970");
        }
        if (expired || pair.length < 2 || pair[1].isEmpty()) {
            cookies.remove(name);
        } else {
            cookies.put(name, pair[1].trim());
        }
    }
}
