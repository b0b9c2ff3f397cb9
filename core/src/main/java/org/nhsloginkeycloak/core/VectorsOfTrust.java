package org.nhsloginkeycloak.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A partner's {@code vtr}: the vectors of trust it accepts, any one of which will do (NHS login Interface
 * Specification 3.4.1). On the wire it is a JSON array of strings, e.g. {@code ["P5.Cp.Cd","P9.Cp.Cd"]}.
 */
public final class VectorsOfTrust {

    /** What NHS login assumes when a request carries no {@code vtr}. */
    public static final VectorsOfTrust NHS_LOGIN_DEFAULT = of("P9.Cp.Cd", "P9.Cp.Ck", "P9.Cm");

    // Bounds well above any real request (the longest worked example has six vectors) that keep a hostile parameter cheap.
    private static final int MAX_JSON_LENGTH = 1024;
    private static final int MAX_VECTORS = 16;
    private static final String EXAMPLE = "such as [\"P9.Cp.Cd\",\"P9.Cm\"]";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final List<VectorOfTrust> vectors;

    private VectorsOfTrust(List<VectorOfTrust> vectors) {
        this.vectors = List.copyOf(vectors);
    }

    /** The vectors written as {@code vectors}, e.g. {@code of("P5.Cp.Cd", "P5.Cm")}. */
    public static VectorsOfTrust of(String... vectors) {
        if (vectors.length == 0) {
            throw new InvalidVectorOfTrustException("At least one vector of trust is needed");
        }
        Set<VectorOfTrust> parsed = new LinkedHashSet<>();
        for (String vector : vectors) {
            parsed.add(VectorOfTrust.parse(vector));
        }
        return new VectorsOfTrust(List.copyOf(parsed));
    }

    /**
     * Parses the decoded value of a {@code vtr} request parameter. Repeated vectors count once.
     *
     * @throws InvalidVectorOfTrustException when it is not a non-empty JSON array of valid vectors, with nothing after it
     */
    public static VectorsOfTrust parseJson(String vtr) {
        if (vtr == null || vtr.isBlank()) {
            throw new InvalidVectorOfTrustException("vtr must not be empty; send a JSON array of vectors " + EXAMPLE);
        }
        if (vtr.length() > MAX_JSON_LENGTH) {
            throw new InvalidVectorOfTrustException("vtr is longer than " + MAX_JSON_LENGTH + " characters");
        }
        // A streaming parse reads no further than the first wrong token: no tree is built for deeply nested input.
        try (JsonParser parser = JSON.createParser(vtr)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidVectorOfTrustException("vtr must be a JSON array of strings " + EXAMPLE);
            }
            Set<VectorOfTrust> vectors = new LinkedHashSet<>();
            int position = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                position++;
                if (token != JsonToken.VALUE_STRING) {
                    throw new InvalidVectorOfTrustException("vtr entry " + position + " is not a string; " + EXAMPLE);
                }
                if (position > MAX_VECTORS) {
                    throw new InvalidVectorOfTrustException("vtr lists more than " + MAX_VECTORS + " vectors");
                }
                vectors.add(parseEntry(parser.getText(), position));
            }
            if (parser.nextToken() != null) {
                throw new InvalidVectorOfTrustException("vtr has content after its closing bracket");
            }
            if (vectors.isEmpty()) {
                throw new InvalidVectorOfTrustException("vtr must list at least one vector " + EXAMPLE);
            }
            return new VectorsOfTrust(List.copyOf(vectors));
        } catch (InvalidVectorOfTrustException e) {
            throw e;
        } catch (IOException e) {
            // Jackson's message would echo the input and its internals; the partner needs only the rule.
            throw new InvalidVectorOfTrustException("vtr is not valid JSON; send a JSON array of strings " + EXAMPLE, e);
        }
    }

    private static VectorOfTrust parseEntry(String text, int position) {
        try {
            return VectorOfTrust.parse(text);
        } catch (InvalidVectorOfTrustException e) {
            throw new InvalidVectorOfTrustException("vtr entry " + position + ": " + e.getMessage());
        }
    }

    /** The requested vectors, in the partner's order. */
    public List<VectorOfTrust> vectors() {
        return vectors;
    }

    /**
     * The lowest proofing level any requested vector accepts: a citizen below it must be uplifted. A vector that names
     * no level accepts P0.
     */
    public ProofingLevel lowestLevel() {
        return vectors.stream()
                .map(vector -> vector.level().orElse(ProofingLevel.P0))
                .min(Comparator.naturalOrder())
                .orElseThrow();
    }

    /**
     * The vector to report as {@code vot} for a sign-in that achieved {@code achieved}: of the requested vectors it
     * satisfies, the one with the highest level (so a multi-level partner learns the most it may rely on), then the one
     * naming the most credentials (so {@code P5.Cp.Cd} is reported rather than {@code P5.Cp} when both were asked for
     * and both factors were proved), then the first in the partner's order. Empty when none is satisfied.
     */
    public Optional<VectorOfTrust> bestMatch(VectorOfTrust achieved) {
        Comparator<VectorOfTrust> strength = Comparator
                .comparing((VectorOfTrust vector) -> vector.level().orElseThrow())
                .thenComparingInt(vector -> vector.credentials().orElseThrow().components().size());
        Optional<VectorOfTrust> best = Optional.empty();
        for (VectorOfTrust requested : vectors) {
            if (requested.isSatisfiedBy(achieved)) {
                VectorOfTrust reported = requested.reportedFor(achieved);
                if (best.isEmpty() || strength.compare(reported, best.get()) > 0) {
                    best = Optional.of(reported);
                }
            }
        }
        return best;
    }

    /** The wire form, e.g. {@code ["P9.Cp.Cd","P9.Cm"]}; written vectors hold no character JSON must escape. */
    public String toJson() {
        return vectors.stream().map(vector -> "\"" + vector + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    @Override
    public String toString() {
        return toJson();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VectorsOfTrust that && vectors.equals(that.vectors);
    }

    @Override
    public int hashCode() {
        return vectors.hashCode();
    }
}
