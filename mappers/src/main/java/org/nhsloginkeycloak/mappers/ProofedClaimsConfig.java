package org.nhsloginkeycloak.mappers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.models.Constants;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.Quoted;

/**
 * What one {@link ProofedClaimsMapper} releases, read from its config map: which claims, and the lowest proofing level
 * a citizen must have reached for any of them to be released.
 *
 * @param unknown claim names in the configuration that this bundle does not release; refused when an administrator
 *     saves the mapper, ignored at sign-in
 */
record ProofedClaimsConfig(Set<ProofedClaim> claims, ProofingLevel minimumLevel, List<String> unknown) {

    /** Config key: the claims, as Keycloak stores a multivalued list ({@code ##}-separated). */
    static final String CLAIMS = "claims";
    /** Config key: {@code P0}, {@code P5} or {@code P9}. */
    static final String MINIMUM_LEVEL = "minimum.level";
    /** NHS login releases nothing from the demographic record below P5 (scopes and claims page, availability table). */
    static final ProofingLevel DEFAULT_MINIMUM_LEVEL = ProofingLevel.P5;

    /** Parsed configurations by their two settings: an administrator's edit is a new key, so nothing goes stale. */
    private static final Map<String, ProofedClaimsConfig> CACHE = new ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 256;

    /** As {@link #of}, parsed once per distinct configuration rather than once per token. */
    static ProofedClaimsConfig cached(Map<String, String> config) {
        if (config == null) {
            return of(null);
        }
        String key = config.get(CLAIMS) + "|" + config.get(MINIMUM_LEVEL);
        ProofedClaimsConfig parsed = CACHE.get(key);
        if (parsed == null) {
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            parsed = of(config);
            CACHE.put(key, parsed);
        }
        return parsed;
    }

    static ProofedClaimsConfig of(Map<String, String> config) {
        Map<String, String> map = config == null ? Map.of() : config;
        Set<ProofedClaim> claims = EnumSet.noneOf(ProofedClaim.class);
        List<String> unknown = new ArrayList<>();
        String listed = map.get(CLAIMS);
        if (listed != null && !listed.isBlank()) {
            for (String name : Constants.CFG_DELIMITER_PATTERN.split(listed.trim())) {
                ProofedClaim.named(name).ifPresentOrElse(claims::add, () -> unknown.add(name));
            }
        }
        String level = map.get(MINIMUM_LEVEL);
        ProofingLevel minimum = level == null || level.isBlank() ? DEFAULT_MINIMUM_LEVEL
                : ProofingLevel.find(level).orElse(null);
        if (minimum == null) {
            // A level we do not know must not open the claims to everyone; P9 is the safe reading.
            unknown.add(MINIMUM_LEVEL + "=" + Quoted.of(level));
            minimum = ProofingLevel.P9;
        }
        return new ProofedClaimsConfig(Collections.unmodifiableSet(claims), minimum, List.copyOf(unknown));
    }
}
