package org.nhsloginkeycloak.mappers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
