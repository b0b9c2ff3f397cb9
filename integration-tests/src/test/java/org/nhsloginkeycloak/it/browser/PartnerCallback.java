package org.nhsloginkeycloak.it.browser;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Where a browser journey ends: a partner's redirect URI on a free loopback port, answering with a small page. A real
 * listener, because Playwright does not route the request a redirect leads to, and the sandpit partners' own redirect
 * URI has nothing listening behind it.
 */
public final class PartnerCallback implements AutoCloseable {

    private static final byte[] PAGE = "<!DOCTYPE html><html lang=\"en\"><title>Partner</title><h1>Back at the partner</h1></html>"
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;

    public PartnerCallback() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/callback", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, PAGE.length);
            exchange.getResponseBody().write(PAGE);
            exchange.close();
        });
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/callback");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
