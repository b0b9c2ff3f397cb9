package org.nhsloginkeycloak.connectors.pds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;

/**
 * PDS over HTTP (FHIR R4). Each call: the cluster's rate allowance, then the circuit breaker, then a token from the
 * {@link PdsTokenSource}, then a GET with a fresh {@code X-Request-ID}; a timeout, a dropped connection or a 5xx (of PDS
 * or of the token endpoint) is tried once more with the same request id (searches and reads are safe to repeat; PDS
 * asks for the same id on a retry). A {@code Retry-After} is never waited out here: the citizen is told to come back.
 * No token is a failure like PDS's own, so a broken token endpoint opens the circuit too.
 *
 * <p>An {@link PdsAnswer.Unusable} answer (a 400, or a 200 we cannot read) is never retried, as the same request gets the
 * same answer, and counts as {@link DependencyHealth.Outcome#REJECTED}: PDS answered, so it neither opens the circuit
 * nor raises the error rate the busy banner reads. Whoever sends such details would otherwise turn PDS "degraded" for
 * every citizen; the rejected meter and the log line show an operator if a release ever makes them common.
 *
 * <p>An update is a PATCH with the citizen's own patient-access token instead of the application's, under the same
 * allowance and circuit. It too is tried once more with the same request id after a timeout, a dropped connection or a
 * 5xx, as PDS asks (it may have applied the first), waiting out a {@code Retry-After} of up to
 * {@link #LONGEST_UPDATE_RETRY_WAIT}.
 */
final class PdsFhirClient implements PdsClient {

    private static final Logger LOG = Logger.getLogger(PdsFhirClient.class);
    /** The longest {@code Retry-After} an update waits out before its one retry; a longer one is the citizen's to wait. */
    static final Duration LONGEST_UPDATE_RETRY_WAIT = Duration.ofSeconds(2);

    /** Reads an answer from status, body and {@code Retry-After}. */
    private interface Reader {
        PdsAnswer read(int status, String body, Optional<String> retryAfter);
    }

    private final PdsFhirClientFactory.Settings settings;
    private final HttpClient http;
    private final PdsTokenSource tokens;
    private final Allowance allowance;
    private final Allowance background;
    private final DependencyHealth health;

    /** One call's worth of the PDS rate allowance, taken or refused at once. */
    interface Allowance {
        boolean tryAcquire();
    }

    /**
     * @param allowance a call a citizen waits on
     * @param background a call made in the background, from its share of the same allowance
     */
    PdsFhirClient(PdsFhirClientFactory.Settings settings, HttpClient http, PdsTokenSource tokens, Allowance allowance,
            Allowance background, DependencyHealth health) {
        this.settings = settings;
        this.http = http;
        this.tokens = tokens;
        this.allowance = allowance;
        this.background = background;
        this.health = health;
    }

    @Override
    public PdsAnswer search(PdsSearch search) {
        return call("/Patient?" + search.query(), PdsResponses::search, allowance);
    }

    @Override
    public PdsAnswer read(String nhsNumber) {
        if (!PdsSearch.isNhsNumber(nhsNumber)) {
            // Not one PDS could hold, so no record: PDS is never asked.
            return new PdsAnswer.NotFound();
        }
        return call("/Patient/" + nhsNumber, PdsResponses::read, allowance);
    }

    @Override
    public PdsAnswer refresh(String nhsNumber) {
        if (!PdsSearch.isNhsNumber(nhsNumber)) {
            return new PdsAnswer.NotFound();
        }
        return call("/Patient/" + nhsNumber, PdsResponses::read, background);
    }

    /**
     * Counted in {@code nhs_pds_updates_total{outcome}}: {@code updated}, {@code unchanged} (a write avoided: nothing
     * had changed, nothing was sent), {@code versionmismatch}, {@code refused}, {@code notauthorised},
     * {@code unavailable}.
     */
    @Override
    public PdsUpdate update(String nhsNumber, String version, com.fasterxml.jackson.databind.node.ArrayNode patches,
            String patientAccessToken) {
        PdsUpdate answer = updateUncounted(nhsNumber, version, patches, patientAccessToken);
        io.micrometer.core.instrument.Counter.builder("nhs.pds.updates")
                .description("Updates of a patient's own PDS record, by outcome")
                .tag("outcome", answer.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT))
                .register(io.micrometer.core.instrument.Metrics.globalRegistry).increment();
        return answer;
    }

    private PdsUpdate updateUncounted(String nhsNumber, String version,
            com.fasterxml.jackson.databind.node.ArrayNode patches, String patientAccessToken) {
        if (patches == null || patches.isEmpty()) {
            return new PdsUpdate.Unchanged();
        }
        if (settings.baseUrl() == null) {
            return new PdsUpdate.Unavailable(PdsAnswer.Why.NOT_CONFIGURED);
        }
        if (!PdsSearch.isNhsNumber(nhsNumber) || version == null || !version.matches("[0-9]+")) {
            return new PdsUpdate.Refused(400, "INVALID_RESOURCE_ID");
        }
        if (patientAccessToken == null || patientAccessToken.isBlank()) {
            return new PdsUpdate.NotAuthorised();
        }
        // One id for the update and its retry: after a 503 PDS may still apply it, and knows the retry by its id.
        String requestId = UUID.randomUUID().toString();
        String body = "{\"patches\":" + patches + "}";
        return twice(allowance, new Attempt<>(() -> patchOnce(nhsNumber, version, body, patientAccessToken, requestId),
                PdsUpdate.Unavailable::new,
                answer -> answer instanceof PdsUpdate.Unavailable ? DependencyHealth.Outcome.FAILED
                        : answer instanceof PdsUpdate.Refused refused && refused.status() == 400
                                ? DependencyHealth.Outcome.REJECTED : DependencyHealth.Outcome.OK,
                answer -> answer instanceof PdsUpdate.Unavailable unavailable
                        && (unavailable.why() == PdsAnswer.Why.TIMEOUT
                                || unavailable.why() == PdsAnswer.Why.SERVER_ERROR)
                        && pauseBeforeRetry(unavailable.retryAfter())));
    }

    @Override
    public Optional<String> patientAccess(String idToken) {
        if (!(tokens instanceof SignedJwtTokenSource signedJwt)) {
            LOG.warn("A PDS update needs the citizen's own access, which NHS England's token exchange gives only with"
                    + " signed-JWT credentials (token-url): nothing is written to PDS");
            return Optional.empty();
        }
        if (idToken == null || idToken.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(signedJwt.exchange(idToken));
        } catch (PdsTokenSource.TokenUnavailable e) {
            return Optional.empty();
        }
    }

    /** A short wait before the one retry: at most {@link #LONGEST_UPDATE_RETRY_WAIT}, or no retry at all. */
    private static boolean pauseBeforeRetry(java.util.Optional<Duration> retryAfter) {
        Duration wait = retryAfter.orElse(Duration.ZERO);
        if (wait.compareTo(LONGEST_UPDATE_RETRY_WAIT) > 0) {
            return false;
        }
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private PdsUpdate patchOnce(String nhsNumber, String version, String body, String token, String requestId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/Patient/" + nhsNumber))
                .timeout(settings.timeout())
                .header("Accept", "application/fhir+json")
                .header("X-Request-ID", requestId)
                .header("If-Match", "W/\"" + version + "\"")
                .header("Content-Type", "application/json-patch+json")
                .header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            PdsUpdate answer = PdsResponses.update(response.statusCode(), response.body(),
                    response.headers().firstValue("ETag"), response.headers().firstValue("Retry-After"));
            if (!(answer instanceof PdsUpdate.Updated)) {
                // The status and PDS's code only: the body may hold the record, the token is the citizen's.
                LOG.warnf("PDS answered an update with %d (%s), request %s", response.statusCode(), answer, requestId);
            }
            return answer;
        } catch (IOException e) {
            LOG.warnf("PDS did not answer an update (%s), request %s", e.getClass().getSimpleName(), requestId);
            return new PdsUpdate.Unavailable(PdsAnswer.Why.TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PdsUpdate.Unavailable(PdsAnswer.Why.TIMEOUT);
        }
    }

    @Override
    public DependencyHealth.Snapshot health(Duration over) {
        return health.snapshot(over);
    }

    private PdsAnswer call(String path, Reader reader, Allowance from) {
        if (settings.baseUrl() == null) {
            return new PdsAnswer.Unavailable(PdsAnswer.Why.NOT_CONFIGURED);
        }
        String requestId = UUID.randomUUID().toString();
        return twice(from, new Attempt<>(() -> once(path, requestId, reader), PdsAnswer.Unavailable::new,
                answer -> answer instanceof PdsAnswer.Unavailable ? DependencyHealth.Outcome.FAILED
                        : answer instanceof PdsAnswer.Unusable ? DependencyHealth.Outcome.REJECTED
                        : DependencyHealth.Outcome.OK,
                PdsFhirClient::worthRetrying));
    }

    /**
     * One kind of call as the shared loop makes it: one try, the answer when PDS is not asked ({@code BUSY},
     * {@code CIRCUIT_OPEN}), how an answer counts for the circuit and the banner, and whether it is worth one more try.
     */
    private record Attempt<T>(java.util.function.Supplier<T> once,
            java.util.function.Function<PdsAnswer.Why, T> notAsked,
            java.util.function.Function<T, DependencyHealth.Outcome> outcome,
            java.util.function.Predicate<T> again) {
    }

    /** At most two tries, each first taking the allowance, then the circuit's leave; every try recorded. */
    private <T> T twice(Allowance allowance, Attempt<T> attempt) {
        T answer = null;
        for (int i = 1; i <= 2; i++) {
            // The allowance first: a refused call must not hold the circuit's one half-open trial.
            if (!allowance.tryAcquire()) {
                health.record(DependencyHealth.Outcome.REFUSED, Duration.ZERO);
                return answer != null ? answer : attempt.notAsked().apply(PdsAnswer.Why.BUSY);
            }
            if (!health.allow()) {
                return answer != null ? answer : attempt.notAsked().apply(PdsAnswer.Why.CIRCUIT_OPEN);
            }
            long started = System.nanoTime();
            try {
                answer = attempt.once().get();
            } catch (RuntimeException e) {
                // Recorded, so the circuit's one half-open trial is never left hanging.
                health.record(DependencyHealth.Outcome.FAILED, Duration.ofNanos(System.nanoTime() - started));
                throw e;
            }
            health.record(attempt.outcome().apply(answer), Duration.ofNanos(System.nanoTime() - started));
            if (!attempt.again().test(answer)) {
                return answer;
            }
        }
        return answer;
    }

    private PdsAnswer once(String path, String requestId, Reader reader) {
        Optional<String> token;
        try {
            token = tokens.token();
        } catch (PdsTokenSource.TokenUnavailable e) {
            return new PdsAnswer.Unavailable(e.why());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.timeout())
                .header("Accept", "application/fhir+json")
                .header("X-Request-ID", requestId)
                .GET();
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                // Revoked or expired early: the next call asks for a new one rather than failing until it would expire.
                token.ifPresent(tokens::refused);
            }
            PdsAnswer answer = reader.read(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After"));
            if (answer instanceof PdsAnswer.Unavailable unavailable) {
                // The status and PDS's reason only: the path holds the citizen's details or NHS number.
                LOG.warnf("PDS answered %d (%s), request %s", response.statusCode(), unavailable.why(), requestId);
            } else if (answer instanceof PdsAnswer.Unusable unusable) {
                LOG.warnf("PDS answered %d (%s, counted against the citizen), request %s", response.statusCode(),
                        unusable.why(), requestId);
            }
            return answer;
        } catch (IOException e) {
            LOG.warnf("PDS did not answer (%s), request %s", e.getClass().getSimpleName(), requestId);
            return new PdsAnswer.Unavailable(PdsAnswer.Why.TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PdsAnswer.Unavailable(PdsAnswer.Why.TIMEOUT);
        }
    }

    /**
     * Once more for a timeout, a dropped connection or a 5xx without Retry-After; never for 4xx, a stated pause or an
     * answer we could not read (the same request reads the same).
     */
    private static boolean worthRetrying(PdsAnswer answer) {
        return answer instanceof PdsAnswer.Unavailable unavailable && unavailable.retryAfter().isEmpty()
                && (unavailable.why() == PdsAnswer.Why.TIMEOUT || unavailable.why() == PdsAnswer.Why.SERVER_ERROR);
    }
}
