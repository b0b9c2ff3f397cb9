package org.nhsloginkeycloak.sandpit;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.util.List;

/**
 * A WireMock stand-in for one third party (PDS, GOV.UK Notify), serving the mappings under
 * {@code src/main/resources/stubs/<name>/mappings}. Tests reach {@link #server()} to add faults or to read the requests it
 * received (the journal keeps them; a sandpit run is short).
 */
public final class ThirdPartyStub implements AutoCloseable {

    private final String name;
    private final WireMockServer server;

    private ThirdPartyStub(String name, WireMockServer server) {
        this.name = name;
        this.server = server;
    }

    static ThirdPartyStub start(String name, int port) {
        Ports.requireFree(port, name + " stand-in");
        WireMockServer server = new WireMockServer(options()
                .bindAddress(Ports.LOOPBACK)
                .port(port)
                .usingFilesUnderClasspath("stubs/" + name)
                .extensions(services -> List.of(new NotifyNotifications(services),
                        new PdsRecords(java.time.Clock.systemUTC()))));
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new SandpitException("The " + name + " stand-in could not start on port " + port + ": "
                    + e.getMessage(), e);
        }
        return new ThirdPartyStub(name, server);
    }

    public String name() {
        return name;
    }

    public URI baseUrl() {
        return URI.create(server.baseUrl());
    }

    public WireMockServer server() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }
}
