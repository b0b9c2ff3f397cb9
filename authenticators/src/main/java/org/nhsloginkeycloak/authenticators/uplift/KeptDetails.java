package org.nhsloginkeycloak.authenticators.uplift;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * What a citizen typed into the uplift form when PDS could not answer, kept cluster-wide for {@link #FOR} so a new
 * sign-in finds it filled in. In Keycloak's single-use store (memory, replicated, expiring), never in the database or
 * logs; removed once a trace uplifts them.
 */
record KeptDetails(KeycloakSession session, String subject) {

    static final Duration FOR = Duration.ofDays(1);

    private String key() {
        return "nhs-uplift-kept:" + subject;
    }

    void write(Map<String, String> fields) {
        session.getProvider(SingleUseObjectProvider.class).put(key(), FOR.toSeconds(), new HashMap<>(fields));
    }

    Map<String, String> read(List<String> fields) {
        Map<String, String> stored = session.getProvider(SingleUseObjectProvider.class).get(key());
        Map<String, String> kept = new HashMap<>();
        if (stored != null) {
            fields.forEach(field -> kept.put(field, stored.getOrDefault(field, "")));
        }
        return kept;
    }

    void remove() {
        SingleUseObjectProvider store = session.getProvider(SingleUseObjectProvider.class);
        if (store.contains(key())) {
            store.remove(key());
        }
    }
}
