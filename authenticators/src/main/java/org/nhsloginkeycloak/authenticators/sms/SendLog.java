package org.nhsloginkeycloak.authenticators.sms;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * When something limited happened to one subject (a code sent to a citizen or a number, a trace by a citizen), kept
 * cluster-wide for the throttle's window. Read and written without a lock: two at the same instant may both pass,
 * which the per-code limits still bound.
 */
public record SendLog(KeycloakSession session, String subject) {

    private String key() {
        return "nhs-attempts:" + subject;
    }

    public List<Instant> read() {
        Map<String, String> stored = session.getProvider(SingleUseObjectProvider.class).get(key());
        List<Instant> sent = new ArrayList<>();
        if (stored != null) {
            stored.values().forEach(value -> sent.add(Instant.ofEpochMilli(Long.parseLong(value))));
        }
        return sent;
    }

    public void write(List<Instant> sent, Duration window) {
        Map<String, String> notes = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            notes.put("sent-" + i, Long.toString(sent.get(i).toEpochMilli()));
        }
        session.getProvider(SingleUseObjectProvider.class).put(key(), window.toSeconds(), notes);
    }
}
