package org.nhsloginkeycloak.campaigns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.status.Assessment;
import org.nhsloginkeycloak.status.Level;
import org.nhsloginkeycloak.status.ServiceStatus;

/**
 * Sends running campaigns. Every node runs one; they take turns through a cluster-wide lease
 * ({@link ClusterProvider#executeIfNotExecuted}), so exactly one node sends at a time, and each turn ends well inside
 * the lease ({@link Settings#turn()}), so a lease never expires under a node still sending. When the sending node dies,
 * its lease goes with it and another node's next tick takes over.
 * <p>
 * Exactly once: a page of recipients is marked {@code SENDING} and committed before any of them is emailed, and
 * settled ({@code SENT}, {@code FAILED}, back to {@code QUEUED}) after. A recipient found still sending one lease after
 * its mark was left by a crash or an unanswered call; Notify is asked by the recipient's reference whether it went
 * before it is queued again. Citizens who uplifted, were deleted or can no longer be emailed are skipped when their
 * turn comes, and counted by reason.
 */
final class CampaignRunner {

    static final String LEASE = "nhs-campaign-sender";
    /** Sends that Notify would not take (its 500, no connection) before a recipient fails. */
    static final int MAX_ATTEMPTS = 5;
    private static final int PAGE = 100;
    private static final int IN_DOUBT_PAGE = 500;
    private static final Duration NOTIFY_UNAVAILABLE_HOLD = Duration.ofSeconds(30);
    private static final Duration DEGRADED_HOLD = Duration.ofSeconds(30);
    private static final Duration PROGRESS_EVERY = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(CampaignRunner.class);

    /**
     * @param perMinute the server's ceiling; a campaign may ask for less
     * @param poll how often each node asks for the lease
     * @param lease how long the lease lasts if its holder never gives it back
     * @param threads sends in flight at once on the sending node (Notify's latency, not the rate, decides how many)
     * @param frequencyCap no citizen is emailed within this long of another campaign's email (zero: no cap)
     * @param snapshotChunk user rows a snapshot looks at in one transaction
     */
    record Settings(int perMinute, Duration poll, Duration lease, int threads, Duration frequencyCap,
            int snapshotChunk) {

        /** How long one turn sends before it gives the lease back: a third of the lease, leaving room for the last page. */
        Duration turn() {
            return lease.dividedBy(3);
        }
    }

    /** One recipient about to be emailed: marked sending, with everything the send needs. */
    private record Send(String userId, String reference, String email, String template, Map<String, String> values,
            java.net.URI unsubscribe) {
    }

    private record Page(String lastUserId, int size, List<Send> sends, int perMinute) {
    }

    /** Where a campaign's snapshot stands after this turn's chunks. */
    private enum Snapshot {
        /** Complete: the campaign may send. */
        TAKEN,
        /** The turn's time ran out with user rows still to look at. */
        MORE,
        /** The campaign is no longer running (paused, cancelled, its realm gone). */
        STOPPED
    }

    private final KeycloakSessionFactory factory;
    private final CampaignSender sender;
    private final Settings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String node = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong turns = new AtomicLong();
    private final AtomicReference<String> turn = new AtomicReference<>("idle");
    private final Map<String, Pacer> pacers = new ConcurrentHashMap<>();
    private final Map<String, String> cursors = new ConcurrentHashMap<>();
    /** Campaigns whose snapshot this node has seen complete (for good: a started campaign never goes back). */
    private final Set<String> snapshotsTaken = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> rateLimitedInARow = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sentSinceProgress = new ConcurrentHashMap<>();
    private volatile long lastProgress;
    private ScheduledExecutorService ticks;
    private ExecutorService pool;

    CampaignRunner(KeycloakSessionFactory factory, CampaignSender sender, Settings settings, Clock clock,
            MeterRegistry meters) {
        this.factory = factory;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.lastProgress = clock.millis();
    }

    /** What the sender puts in its User-Agent: this node's id and turn, e.g. {@code 3f2a9c1d-17}; "idle" between. */
    String turnName() {
        return turn.get();
    }

    void start() {
        ticks = Executors.newSingleThreadScheduledExecutor(daemon("nhs-campaign-runner"));
        pool = Executors.newFixedThreadPool(settings.threads(), daemon("nhs-campaign-send"));
        long poll = settings.poll().toMillis();
        ticks.scheduleWithFixedDelay(this::tick, poll, poll, TimeUnit.MILLISECONDS);
        LOG.infof("Campaign runner %s started: up to %d emails a minute, turns of %d s under a %d s lease", node,
                settings.perMinute(), settings.turn().toSeconds(), settings.lease().toSeconds());
    }

    void stop() {
        if (ticks != null) {
            ticks.shutdownNow();
            pool.shutdownNow();
            try {
                // A send in flight is let finish, so its recipient is settled rather than left in doubt.
                pool.awaitTermination(15, TimeUnit.SECONDS);
                ticks.awaitTermination(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One tick: this node sends for a turn if no other node is. A turn that ran out of time with work left is followed
     * at once by another (the lease given back and asked for again), so turns do not slow the pace. Never throws, so
     * the schedule carries on.
     */
    void tick() {
        try {
            boolean more = true;
            while (more && !Thread.currentThread().isInterrupted()) {
                AtomicReference<Boolean> again = new AtomicReference<>(false);
                KeycloakModelUtils.runJobInTransaction(factory, session -> again.set(Boolean.TRUE.equals(session
                        .getProvider(ClusterProvider.class).executeIfNotExecuted(LEASE,
                                (int) settings.lease().toSeconds(), this::takeTurn).getResult())));
                more = again.get();
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "A campaign runner turn ended with an error; the next turn goes on from where it stopped");
        }
    }

    /**
     * Sends for one turn: each runnable campaign in turn, until the turn's time is up. Returns whether it stopped for
     * time with a campaign still to send.
     */
    boolean takeTurn() {
        turn.set(node + "-" + turns.incrementAndGet());
        try {
            long deadline = clock.millis() + settings.turn().toMillis();
            List<String> runnable = inTransaction(session -> new CampaignQueue(session).runnable(clock.millis())
                    .stream().map(CampaignEntity::getId).toList());
            boolean more = false;
            for (String campaign : runnable) {
                if (clock.millis() >= deadline) {
                    more = true;
                    break;
                }
                try {
                    more |= work(campaign, deadline);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Campaign %s: the turn stopped on an error; every recipient is where it was left,"
                            + " and the next turn goes on", campaign);
                }
            }
            progress();
            return more;
        } finally {
            turn.set("idle");
        }
    }

    /**
     * Takes what is left of the campaign's snapshot, then sends it until the deadline; true when its time ran out with
     * work still to do.
     */
    private boolean work(String campaign, long deadline) {
        Snapshot snapshot = snapshot(campaign, deadline);
        if (snapshot != Snapshot.TAKEN) {
            return snapshot == Snapshot.MORE;
        }
        if (!settleInDoubt(campaign, deadline)) {
            return false;
        }
        // Where the last turn stopped: a turn starting from the first queued id would wade through the index entries
        // of every recipient sent since the database last vacuumed, so each turn would cost more than the last.
        String after = cursors.getOrDefault(campaign, "");
        while (clock.millis() < deadline) {
            Pacer pacer = pacers.get(campaign);
            if (pacer != null) {
                // Nothing may go before the deadline: mark no page. A slot due within a poll is worth a turn at once
                // (a fast campaign at the end of its turn); one further off waits for a later tick.
                long wait = pacer.peek() - System.nanoTime();
                if (wait > TimeUnit.MILLISECONDS.toNanos(deadline - clock.millis())) {
                    return wait < settings.poll().toNanos();
                }
            }
            String from = after;
            Page page = inTransaction(session -> prepare(session, campaign, from));
            if (page == null) {
                return false;
            }
            if (page.size() == 0) {
                cursors.remove(campaign);
                if (!from.isEmpty()) {
                    // Round again from the start: recipients queued again (a send that did not go, one in doubt
                    // that had not) may be behind the cursor. Only an empty round from the start finishes.
                    after = "";
                    continue;
                }
                inTransaction(session -> finishIfDrained(session, campaign));
                return false;
            }
            after = page.lastUserId();
            cursors.put(campaign, after);
            if (!send(campaign, page, deadline)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The campaign's snapshot, a chunk per transaction under the campaign's row lock, until it is complete or the
     * turn's time is up. Taken here rather than in the start request, so a start over millions answers at once and
     * the snapshot's work is bounded by the lease like every other turn's.
     */
    private Snapshot snapshot(String id, long deadline) {
        while (!snapshotsTaken.contains(id) && clock.millis() < deadline) {
            Snapshot chunk = inTransaction(session -> {
                CampaignEntity campaign = new CampaignQueue(session).lock(id);
                if (campaign == null || campaign.getState() != CampaignState.RUNNING) {
                    return Snapshot.STOPPED;
                }
                if (campaign.getSnapshotTakenAt() != null) {
                    return Snapshot.TAKEN;
                }
                RealmModel realm = session.realms().getRealm(campaign.getRealmId());
                if (realm == null) {
                    return Snapshot.STOPPED;
                }
                Campaigns campaigns = new Campaigns(session, realm);
                long started = System.nanoTime();
                boolean complete = campaigns.snapshotChunk(campaign, settings.snapshotChunk(), clock.millis());
                pageTimer("snapshot").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                if (!complete) {
                    return Snapshot.MORE;
                }
                campaigns.refreshStatisticsAfterCommit();
                LOG.infof("Campaign \"%s\" (%s): the snapshot is taken, %d recipients in %d s; sending starts",
                        campaign.getName(), id, campaign.getAudienceSize(),
                        (campaign.getSnapshotTakenAt() - campaign.getStartedAt()) / 1000);
                return Snapshot.TAKEN;
            });
            if (chunk == Snapshot.TAKEN) {
                snapshotsTaken.add(id);
            }
            if (chunk != Snapshot.MORE) {
                return chunk;
            }
        }
        return snapshotsTaken.contains(id) ? Snapshot.TAKEN : Snapshot.MORE;
    }

    /**
     * Asks Notify about every recipient left sending for longer than a lease: gone out, it is sent; not, it is queued
     * again (its reference kept). Returns false when Notify cannot say, so nothing more is sent this turn.
     */
    private boolean settleInDoubt(String campaign, long deadline) {
        while (clock.millis() < deadline) {
            long markedBefore = clock.millis() - settings.lease().toMillis();
            List<CampaignQueue.InDoubt> doubts = inTransaction(session -> new CampaignQueue(session)
                    .inDoubt(campaign, markedBefore, IN_DOUBT_PAGE));
            if (doubts.isEmpty()) {
                return true;
            }
            Map<String, RecipientStatus> to = new HashMap<>();
            Map<String, String> detail = new HashMap<>();
            Set<String> attempted = new HashSet<>();
            boolean unanswered = false;
            for (CampaignQueue.InDoubt doubt : doubts) {
                try {
                    boolean went = sender.wentOut(doubt.reference());
                    to.put(doubt.userId(), went ? RecipientStatus.SENT : RecipientStatus.QUEUED);
                    if (went) {
                        detail.put(doubt.userId(), "confirmed by reference");
                    } else {
                        attempted.add(doubt.userId());
                    }
                    counter("nhs.campaign.in.doubt", "went", went ? "yes" : "no").increment();
                } catch (IOException e) {
                    LOG.warnf("Campaign %s: GOV.UK Notify could not say whether a send left in doubt went (%s);"
                            + " asked again next turn", campaign, e.getMessage());
                    unanswered = true;
                    break;
                }
            }
            long now = clock.millis();
            inTransaction(session -> {
                CampaignQueue queue = new CampaignQueue(session);
                queue.settle(campaign, to, detail, attempted, now);
                new CampaignContacts(session).emailed(queue.campaign(campaign).getRealmId(), to.entrySet().stream()
                        .filter(each -> each.getValue() == RecipientStatus.SENT).map(Map.Entry::getKey).toList(), now);
                return null;
            });
            long went = to.values().stream().filter(RecipientStatus.SENT::equals).count();
            LOG.infof("Campaign %s: %d sends left in doubt checked with GOV.UK Notify by reference: %d had gone,"
                    + " %d queued again", campaign, to.size(), went, to.size() - went);
            if (unanswered) {
                return false;
            }
            if (doubts.size() < IN_DOUBT_PAGE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next page, in one transaction: skipped recipients settled, the rest marked sending (committed when this
     * returns, before any of them is emailed). Null when the campaign is no longer to send now.
     */
    private Page prepare(KeycloakSession session, String id, String after) {
        CampaignQueue queue = new CampaignQueue(session);
        CampaignEntity campaign = queue.campaign(id);
        long now = clock.millis();
        if (campaign == null || campaign.getState() != CampaignState.RUNNING || campaign.getSnapshotTakenAt() == null
                || campaign.getHeldUntil() != null && campaign.getHeldUntil() > now) {
            return null;
        }
        RealmModel realm = session.realms().getRealm(campaign.getRealmId());
        if (realm == null) {
            return null;
        }
        int perMinute = perMinute(campaign);
        ServiceStatus status = session.getProvider(ServiceStatus.class);
        if (status != null) {
            Assessment assessment = status.assess(realm);
            if (assessment.level() == Level.DEGRADED) {
                // The people it invites would arrive to a failing sign-in or trace: wait for the service first.
                hold(campaign, now + DEGRADED_HOLD.toMillis(), "service degraded: " + String.join(", ",
                        assessment.reasons()));
                return null;
            }
            if (assessment.level() == Level.BUSY) {
                perMinute = Math.max(1, perMinute / 2);
            }
        }
        if (campaign.getHeldReason() != null) {
            campaign.setHeldReason(null);
            campaign.setHeldUntil(null);
        }
        // About ten seconds of sending a page, so a pause or cancel is seen within seconds at any rate.
        int size = Math.max(1, Math.min(PAGE, perMinute / 6));
        long selecting = System.nanoTime();
        List<CampaignQueue.Turn> turns = queue.next(id, after, size);
        long marking = System.nanoTime();
        pageTimer("select").record(marking - selecting, TimeUnit.NANOSECONDS);
        long cappedSince = settings.frequencyCap().isZero() ? Long.MAX_VALUE : now - settings.frequencyCap().toMillis();
        Map<String, RecipientStatus> skipped = new HashMap<>();
        List<Send> sends = new ArrayList<>();
        Map<String, String> services = new HashMap<>();
        Map<String, String> references = new java.util.LinkedHashMap<>();
        for (CampaignQueue.Turn turn : turns) {
            RecipientStatus skip = turn.skip(cappedSince);
            if (skip != null) {
                skipped.put(turn.userId(), skip);
                counter("nhs.campaign.skipped", "reason", skip.id()).increment();
                continue;
            }
            String language = "cy".equals(turn.language()) ? "cy" : "en";
            String reference = CampaignQueue.referenceFor(turn);
            references.put(turn.userId(), reference);
            Map<String, String> values = Map.of(
                    "services", services.computeIfAbsent(language, each -> PartnerService.bulletList(
                            PartnerService.usableAt(realm, ProofingLevel.P5), each)),
                    "link", CampaignLinks.click(campaign.getLinkBase(), realm.getName(), reference).toString(),
                    "unsubscribe_link", CampaignLinks.unsubscribe(campaign.getLinkBase(), realm.getName(), reference)
                            .toString());
            sends.add(new Send(turn.userId(), reference, turn.email(), language.equals("cy")
                    ? campaign.getWelshTemplate() : campaign.getEnglishTemplate(), values,
                    CampaignLinks.unsubscribe(campaign.getLinkBase(), realm.getName(), reference)));
        }
        queue.markSending(id, references, now);
        queue.settle(id, skipped, Map.of(), Set.of(), now);
        pageTimer("mark").record(System.nanoTime() - marking, TimeUnit.NANOSECONDS);
        return new Page(turns.isEmpty() ? null : turns.get(turns.size() - 1).userId(), turns.size(), sends, perMinute);
    }

    /** Emails a page's marked recipients at the campaign's pace, then settles them. False when the campaign must wait. */
    private boolean send(String campaign, Page page, long deadline) {
        // No send starts after the turn's end, so the turn ends inside its lease whatever the rate.
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadline - clock.millis());
        // Kept across pages and turns, so the pace holds from one page to the next; a new rate gets a new pacer.
        Pacer pacer = pacers.compute(campaign, (key, existing) -> existing != null
                && existing.perMinute() == page.perMinute() ? existing : new Pacer(page.perMinute(), System::nanoTime));
        Map<String, CampaignSender.Outcome> outcomes = new ConcurrentHashMap<>();
        AtomicReference<CampaignSender.Outcome> stop = new AtomicReference<>();
        List<Future<?>> inFlight = new ArrayList<>();
        for (Send send : page.sends()) {
            inFlight.add(pool.submit(() -> {
                if (stop.get() != null) {
                    return;
                }
                try {
                    if (!pacer.await(deadlineNanos)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (stop.get() != null) {
                    return;
                }
                CampaignSender.Outcome outcome = sender.send(send.template(), send.email(), send.values(),
                        send.reference(), send.unsubscribe());
                outcomes.put(send.userId(), outcome);
                counter("nhs.campaign.emails", "outcome", outcome.kind().name().toLowerCase(Locale.ROOT)
                        .replace('_', '-')).increment();
                if (outcome.kind() == CampaignSender.Kind.RATE_LIMITED
                        || outcome.kind() == CampaignSender.Kind.DAILY_LIMIT
                        || outcome.kind() == CampaignSender.Kind.MISCONFIGURED) {
                    stop.compareAndSet(null, outcome);
                }
            }));
        }
        for (Future<?> each : inFlight) {
            try {
                each.get();
            } catch (InterruptedException e) {
                // Shutting down: what has an outcome is settled below; the rest stays sending, in doubt.
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                LOG.warnf(e.getCause(), "Campaign %s: a send failed unexpectedly; its recipient is left in doubt",
                        campaign);
            }
        }
        return settle(campaign, page, outcomes, stop.get());
    }

    private boolean settle(String campaign, Page page, Map<String, CampaignSender.Outcome> outcomes,
            CampaignSender.Outcome stop) {
        Map<String, RecipientStatus> to = new HashMap<>();
        Map<String, String> detail = new HashMap<>();
        Set<String> attempted = new HashSet<>();
        int notSent = 0;
        int accepted = 0;
        for (Send send : page.sends()) {
            CampaignSender.Outcome outcome = outcomes.get(send.userId());
            if (outcome == null) {
                if (!Thread.currentThread().isInterrupted()) {
                    to.put(send.userId(), RecipientStatus.QUEUED);
                }
                continue;
            }
            switch (outcome.kind()) {
                case ACCEPTED -> {
                    to.put(send.userId(), RecipientStatus.SENT);
                    accepted++;
                }
                case REFUSED -> {
                    to.put(send.userId(), RecipientStatus.FAILED);
                    detail.put(send.userId(), outcome.detail());
                }
                case RATE_LIMITED, DAILY_LIMIT, MISCONFIGURED -> to.put(send.userId(), RecipientStatus.QUEUED);
                case NOT_SENT -> {
                    notSent++;
                    attempted.add(send.userId());
                    to.put(send.userId(), RecipientStatus.QUEUED);
                    detail.put(send.userId(), outcome.detail());
                }
                // Left sending: asked about by reference once a lease has passed.
                case IN_DOUBT -> {
                }
            }
        }
        long now = clock.millis();
        int failedNotSent = notSent;
        int sent = accepted;
        long settling = System.nanoTime();
        try {
            return settleInTransaction(campaign, to, detail, attempted, stop, now, sent, failedNotSent);
        } finally {
            pageTimer("settle").record(System.nanoTime() - settling, TimeUnit.NANOSECONDS);
        }
    }

    private boolean settleInTransaction(String campaign, Map<String, RecipientStatus> to, Map<String, String> detail,
            Set<String> attempted, CampaignSender.Outcome stop, long now, int sent, int failedNotSent) {
        return inTransaction(session -> {
            CampaignQueue queue = new CampaignQueue(session);
            queue.settle(campaign, to, detail, attempted, now);
            queue.failExhausted(campaign, attempted, MAX_ATTEMPTS);
            List<String> emailed = to.entrySet().stream().filter(each -> each.getValue() == RecipientStatus.SENT)
                    .map(Map.Entry::getKey).toList();
            new CampaignContacts(session).emailed(queue.campaign(campaign).getRealmId(), emailed, now);
            sentSinceProgress.computeIfAbsent(campaign, key -> new AtomicLong()).addAndGet(sent);
            CampaignEntity entity = queue.campaign(campaign);
            if (entity == null) {
                return false;
            }
            if (stop != null) {
                switch (stop.kind()) {
                    case RATE_LIMITED -> {
                        int inARow = rateLimitedInARow.merge(campaign, 1, Integer::sum);
                        // 5 s, 10, 20, 40, then every minute: Notify's bucket refills at its rate per second.
                        long backOff = Math.min(Duration.ofMinutes(1).toMillis(), 5_000L << Math.min(inARow - 1, 4));
                        hold(entity, now + backOff, "rate-limited by GOV.UK Notify");
                    }
                    case DAILY_LIMIT -> hold(entity, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1)
                            .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(),
                            "GOV.UK Notify's daily limit reached; resumes at midnight UTC");
                    default -> {
                        entity.setState(CampaignState.PAUSED);
                        entity.setHeldReason("paused: " + stop.detail() + "; check the Notify key and templates,"
                                + " then resume");
                        LOG.errorf("Campaign \"%s\" (%s) paused: %s. Nothing can be sent until the API key or"
                                + " template is fixed; then resume it", entity.getName(), campaign, stop.detail());
                    }
                }
                return false;
            }
            if (sent > 0) {
                rateLimitedInARow.remove(campaign);
            }
            if (failedNotSent >= 3) {
                hold(entity, now + NOTIFY_UNAVAILABLE_HOLD.toMillis(), "GOV.UK Notify not taking emails");
                return false;
            }
            return true;
        });
    }

    private Void finishIfDrained(KeycloakSession session, String id) {
        CampaignQueue queue = new CampaignQueue(session);
        CampaignEntity campaign = queue.campaign(id);
        if (campaign != null && campaign.getState() == CampaignState.RUNNING && campaign.getSnapshotTakenAt() != null
                && queue.drained(id)) {
            campaign.setState(CampaignState.FINISHED);
            campaign.setFinishedAt(clock.millis());
            LOG.infof("Campaign \"%s\" (%s) finished: %s", campaign.getName(), id,
                    CampaignProgress.describe(CampaignQueue.counts(session, id)));
            pacers.remove(id);
        }
        return null;
    }

    /** Every minute, from the node sending: one line per running campaign, for whoever reads Keycloak's log. */
    private void progress() {
        long now = clock.millis();
        if (now - lastProgress < PROGRESS_EVERY.toMillis()) {
            return;
        }
        long minutes = Math.max(1, Math.round((now - lastProgress) / 60_000.0));
        lastProgress = now;
        inTransaction(session -> {
            for (CampaignEntity campaign : new CampaignQueue(session).running()) {
                Map<RecipientStatus, Long> counts = CampaignQueue.counts(session, campaign.getId());
                AtomicLong sent = sentSinceProgress.remove(campaign.getId());
                long lately = sent == null ? 0 : sent.get() / minutes;
                long queued = counts.getOrDefault(RecipientStatus.QUEUED, 0L);
                LOG.infof("Campaign \"%s\" (%s): %s; %d a minute from runner %s lately; %s at %d a minute%s",
                        campaign.getName(), campaign.getId(), CampaignProgress.describe(counts), lately, node,
                        queued == 0 ? "none queued" : "about " + CampaignProgress.timeLeft(queued, perMinute(campaign))
                                + " left", perMinute(campaign),
                        campaign.getSnapshotTakenAt() == null ? " (taking the snapshot: " + campaign.getAudienceSize()
                                + " so far)" : campaign.getHeldReason() == null ? "" : " (" + campaign.getHeldReason()
                                + ")");
            }
            return null;
        });
    }

    int perMinute(CampaignEntity campaign) {
        return campaign.getPerMinute() == null ? settings.perMinute()
                : Math.min(settings.perMinute(), campaign.getPerMinute());
    }

    private static void hold(CampaignEntity campaign, long until, String reason) {
        campaign.setHeldUntil(until);
        campaign.setHeldReason(reason);
    }

    /**
     * Time per page in each database step ({@code select} the page, {@code mark} it sending, {@code settle} it), so
     * an operator sees whether the database keeps up with the rate and that selection costs the same at every page.
     */
    private io.micrometer.core.instrument.Timer pageTimer(String step) {
        return io.micrometer.core.instrument.Timer.builder("nhs.campaign.page").tag("step", step).register(meters);
    }

    private Counter counter(String name, String tag, String value) {
        return Counter.builder(name).tag(tag, value).register(meters);
    }

    private <T> T inTransaction(Function<KeycloakSession, T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        KeycloakModelUtils.runJobInTransaction(factory, session -> result.set(work.apply(session)));
        return result.get();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
