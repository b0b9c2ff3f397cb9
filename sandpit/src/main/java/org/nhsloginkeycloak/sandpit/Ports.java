package org.nhsloginkeycloak.sandpit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports: the sandpit binds nothing else. */
final class Ports {

    static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /** A port nothing listens on now; the caller binds it soon after. */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new SandpitException("No free port on " + LOOPBACK + ": " + e.getMessage(), e);
        }
    }

    static boolean isFree(int port) {
        try {
            requireFree(port, "a probe");
            return true;
        } catch (SandpitException e) {
            return false;
        }
    }

    /** Fails with a sentence naming the port, what wanted it and why it cannot have it (in use, not permitted). */
    static void requireFree(int port, String purpose) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the servers themselves do: a port whose last connections are in TIME_WAIT is free to listen on.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
        } catch (IOException e) {
            throw new SandpitException("Port " + port + " (" + purpose + ") cannot be used: " + e.getMessage()
                    + ". Stop what listens there, or choose another port.", e);
        }
    }
}
