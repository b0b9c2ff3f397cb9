package org.nhsloginkeycloak.sandpit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A real SMTP server (GreenMail) on loopback that keeps every message Keycloak sends, for people and tests to read. */
public final class SmtpSink implements AutoCloseable {

    private final GreenMail greenMail;
    private final int port;
    private ScheduledExecutorService printer;

    private SmtpSink(GreenMail greenMail, int port) {
        this.greenMail = greenMail;
        this.port = port;
    }

    static SmtpSink start(int port) {
        Ports.requireFree(port, "SMTP sink");
        GreenMail greenMail = new GreenMail(new ServerSetup(port, Ports.LOOPBACK, ServerSetup.PROTOCOL_SMTP));
        try {
            greenMail.start();
        } catch (RuntimeException e) {
            throw new SandpitException("The SMTP sink could not start on port " + port + ": " + e.getMessage(), e);
        }
        return new SmtpSink(greenMail, port);
    }

    public int port() {
        return port;
    }

    /** Every message received so far, oldest first. */
    public List<MimeMessage> messages() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** Prints each message as it arrives: who to, subject, and its text. Sandpit only: mail holds one-time links. */
    void printArrivals(PrintStream out) {
        printer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sandpit-mail-printer");
            thread.setDaemon(true);
            return thread;
        });
        int[] printed = {0};
        printer.scheduleWithFixedDelay(() -> {
            MimeMessage[] received = greenMail.getReceivedMessages();
            for (; printed[0] < received.length; printed[0]++) {
                out.println(describe(received[printed[0]]));
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    private static String describe(MimeMessage message) {
        try {
            return "\n--- mail to " + String.join(", ", List.of(message.getAllRecipients()).stream()
                    .map(Object::toString).toList()) + ": " + message.getSubject() + "\n"
                    + GreenMailUtil.getBody(message) + "\n---";
        } catch (MessagingException e) {
            return "--- a mail arrived that could not be read: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        if (printer != null) {
            printer.shutdownNow();
        }
        greenMail.stop();
    }
}
