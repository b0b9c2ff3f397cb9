package org.nhsloginkeycloak.mappers.scopes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nhsloginkeycloak.core.Quoted;

/**
 * Pairs of scopes a partner may not hold in one request. NHS login refuses {@code profile} together with
 * {@code basic_demographics} (scopes and claims page, note 3): the one releases the NHS number the other exists to
 * withhold.
 */
final class ExclusiveScopes {

    /** One configured pair, e.g. {@code profile basic_demographics}. */
    record Pair(String first, String second) {
    }

    private final List<Pair> pairs;
    private final List<String> problems;

    private ExclusiveScopes(List<Pair> pairs, List<String> problems) {
        this.pairs = List.copyOf(pairs);
        this.problems = List.copyOf(problems);
    }

    /**
     * Reads every entry it can; an entry that is not two different scope names is left out and reported in
     * {@link #problems()}, so a bad entry never takes the good pairs down with it.
     *
     * @param configured each entry two scope names separated by white space
     */
    static ExclusiveScopes of(List<String> configured) {
        List<Pair> pairs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String entry : configured == null ? List.<String>of() : configured) {
            String[] names = entry == null ? new String[0] : entry.trim().split("\\s+");
            if (names.length != 2 || names[0].isEmpty() || names[0].equals(names[1])) {
                problems.add("Each exclusive pair is two different scope names separated by a space, like"
                        + " \"profile basic_demographics\"; got " + Quoted.of(entry));
            } else {
                pairs.add(new Pair(names[0], names[1]));
            }
        }
        return new ExclusiveScopes(pairs, problems);
    }

    List<Pair> pairs() {
        return pairs;
    }

    /** Why entries were left out; empty for a good configuration. */
    List<String> problems() {
        return problems;
    }

    /** The first pair that {@code scopes} holds both of, if any. */
    Optional<Pair> violatedBy(Set<String> scopes) {
        return pairs.stream().filter(pair -> scopes.contains(pair.first()) && scopes.contains(pair.second())).findFirst();
    }

    /** The scopes a request holds: those its {@code scope} parameter names, and the client's default scopes. */
    static Set<String> held(String scopeParameter, Set<String> defaultScopes) {
        Set<String> held = new LinkedHashSet<>(defaultScopes);
        if (scopeParameter != null && !scopeParameter.isBlank()) {
            held.addAll(Arrays.asList(scopeParameter.trim().split("\\s+")));
        }
        return held;
    }
}
