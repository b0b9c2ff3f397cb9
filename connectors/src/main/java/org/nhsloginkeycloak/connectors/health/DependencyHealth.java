package org.nhsloginkeycloak.connectors.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/**
 * How one third party (PDS, GOV.UK Notify) has been answering this node: its circuit breaker, its calls over the last
 * {@code window} (outcome and latency), the demand for it against its ceiling, and the Micrometer meters an operator
 * watches. Per node, like the calls it counts; the busy banner reads {@link #snapshot()}.
 *
 * <p>Meters ({@code nhs.dependency.*}, tag {@code dependency}): {@code calls} by {@code outcome}, {@code call.duration}
 * (with a percentile histogram), {@code circuit.state} (0 closed, 1 half open, 2 open) and {@code demand.per.second}
 * (attempts, refused ones included).
 */
public final class DependencyHealth {

    /** What became of one attempt to call. */
    public enum Outcome {
        /** An answer, good or "not found": the dependency is working. */
        OK,
        /** No answer, a timeout, a 5xx, a 429 from them: counts against the circuit. */
        FAILED,
        /** Answered, but refused our request as malformed: says nothing about its health. */
        REJECTED,
        /** Not sent: our own rate allowance or the open circuit. Demand, not health. */
        REFUSED
    }

    /** The dependency's health now. {@code errorRate} and {@code p95} are over the calls in the window. */
    public record Snapshot(String dependency, CircuitBreaker.State circuit, int calls, double errorRate, Duration p95,
            double demandPerSecond, double ceilingPerSecond) {
    }

    private record Call(Instant at, Outcome outcome, long nanos) {
    }

    private static final int MAX_REMEMBERED = 20_000;

    private final String name;
    private final CircuitBreaker circuit;
    private final Duration window;
    private final double ceilingPerSecond;
    private final Clock clock;
    private final Deque<Call> recent = new ArrayDeque<>();
    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);
    private final Timer latency;

    /**
     * @param ceilingPerSecond the most the application may ask of it per second, all nodes together ({@link Double#NaN} when unlimited)
     * @param meters where the meters go: Keycloak's {@code Metrics.globalRegistry}, or a test's own
     */
    public DependencyHealth(String name, CircuitBreaker circuit, Duration window, double ceilingPerSecond, Clock clock,
            MeterRegistry meters) {
        this.name = name;
        this.circuit = circuit;
        this.window = window;
        this.ceilingPerSecond = ceilingPerSecond;
        this.clock = clock;
        for (Outcome outcome : Outcome.values()) {
            counters.put(outcome, Counter.builder("nhs.dependency.calls").description("Calls to a third party")
                    .tag("dependency", name).tag("outcome", outcome.name().toLowerCase()).register(meters));
        }
        latency = Timer.builder("nhs.dependency.call.duration").description("Time a third party took to answer")
                .tag("dependency", name).publishPercentileHistogram().register(meters);
        Gauge.builder("nhs.dependency.circuit.state", this, health -> health.circuit.state().ordinal() == 0 ? 0
                        : health.circuit.state() == CircuitBreaker.State.HALF_OPEN ? 1 : 2)
                .description("0 closed (healthy), 1 half open, 2 open").tag("dependency", name).register(meters);
        Gauge.builder("nhs.dependency.demand.per.second", this, health -> health.snapshot().demandPerSecond())
                .description("Attempts per second over the window, refused ones included")
                .tag("dependency", name).register(meters);
    }

    public String name() {
        return name;
    }

    /** Whether the circuit lets a call through now; when not, the attempt is recorded as refused. */
    public boolean allow() {
        if (circuit.allow()) {
            return true;
        }
        record(Outcome.REFUSED, Duration.ZERO);
        return false;
    }

    /** A call that was made, with what it gave and how long it took. */
    public void record(Outcome outcome, Duration took) {
        switch (outcome) {
            case OK, REJECTED -> circuit.succeeded();
            case FAILED -> circuit.failed();
            case REFUSED -> {
            }
        }
        counters.get(outcome).increment();
        if (outcome != Outcome.REFUSED) {
            latency.record(took);
        }
        synchronized (recent) {
            recent.addLast(new Call(clock.instant(), outcome, took.toNanos()));
            forgetOld();
            // Bounded whatever the burst: past this many, the oldest go and demand reads a little low.
            while (recent.size() > MAX_REMEMBERED) {
                recent.removeFirst();
            }
        }
    }

    /** Over the whole window this health remembers. */
    public Snapshot snapshot() {
        return snapshot(window);
    }

    /** Over the last {@code over}, at most the window this health remembers (an operator may judge on less). */
    public Snapshot snapshot(Duration over) {
        Duration span = over.compareTo(window) < 0 && !over.isZero() && !over.isNegative() ? over : window;
        Instant since = clock.instant().minus(span);
        Call[] calls;
        synchronized (recent) {
            forgetOld();
            calls = recent.stream().filter(call -> call.at().isAfter(since)).toArray(Call[]::new);
        }
        long[] made = Arrays.stream(calls).filter(call -> call.outcome() != Outcome.REFUSED).mapToLong(Call::nanos)
                .sorted().toArray();
        long failed = Arrays.stream(calls).filter(call -> call.outcome() == Outcome.FAILED).count();
        Duration p95 = made.length == 0 ? Duration.ZERO
                : Duration.ofNanos(made[Math.min(made.length - 1, (int) Math.ceil(made.length * 0.95) - 1)]);
        return new Snapshot(name, circuit.state(), made.length, made.length == 0 ? 0 : (double) failed / made.length,
                p95, calls.length / (double) span.toSeconds(), ceilingPerSecond);
    }

    private void forgetOld() {
        Instant cutoff = clock.instant().minus(window);
        while (!recent.isEmpty() && !recent.peekFirst().at().isAfter(cutoff)) {
            recent.removeFirst();
        }
    }
}
