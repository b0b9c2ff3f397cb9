package org.nhsloginkeycloak.campaigns;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.UserAttributes;

/**
 * The runner's reads and writes of {@code NHS_CAMPAIGN_RECIPIENT}, within one session's transaction. Pages are taken
 * by keyset on {@code USER_ID} (the index {@code CAMPAIGN_ID, STATUS, USER_ID}), never by offset, so the last page
 * costs what the first did.
 */
final class CampaignQueue {

    /** One recipient whose turn has come: the citizen as Keycloak has them now, joined at the moment of the page. */
    record Turn(String userId, String reference, String language, int attempts, boolean exists, String email,
            boolean enabled, boolean emailVerified, String level, Long optedOutAt, Long lastEmailedAt) {

        /**
         * What stops this citizen being emailed now, or null when nothing does.
         *
         * @param cappedSince another campaign's email after this (epoch ms) holds them back
         */
        RecipientStatus skip(long cappedSince) {
            if (!exists) {
                return RecipientStatus.DELETED;
            }
            if (ProofingLevel.P5.name().equals(level) || ProofingLevel.P9.name().equals(level)) {
                return RecipientStatus.UPLIFTED;
            }
            if (!enabled || email == null || !emailVerified) {
                return RecipientStatus.UNREACHABLE;
            }
            if (optedOutAt != null) {
                return RecipientStatus.OPTED_OUT;
            }
            if (lastEmailedAt != null && lastEmailedAt > cappedSince) {
                return RecipientStatus.CAPPED;
            }
            return null;
        }
    }

    /** A recipient marked sending and left so: its reference and when it was marked. */
    record InDoubt(String userId, String reference, int attempts) {
    }

    private final EntityManager em;

    CampaignQueue(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Running campaigns of every realm that are not held, oldest first. */
    List<CampaignEntity> runnable(long now) {
        return em.createQuery("select c from CampaignEntity c where c.state = :running"
                        + " and (c.heldUntil is null or c.heldUntil <= :now) order by c.startedAt, c.id",
                CampaignEntity.class).setParameter("running", CampaignState.RUNNING).setParameter("now", now)
                .getResultList();
    }

    CampaignEntity campaign(String id) {
        return em.find(CampaignEntity.class, id);
    }

    /** The campaign, its row locked until the transaction ends (as a start, pause or cancel locks it). */
    CampaignEntity lock(String id) {
        return em.find(CampaignEntity.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }

    /** Recipients marked sending before {@code markedBefore}: no runner is still waiting on their send. */
    List<InDoubt> inDoubt(String campaign, long markedBefore, int max) {
        List<InDoubt> found = new ArrayList<>();
        for (Object row : em.createNativeQuery("select USER_ID, REFERENCE, ATTEMPTS from NHS_CAMPAIGN_RECIPIENT"
                        + " where CAMPAIGN_ID = :c and STATUS = :sending and UPDATED_AT < :before order by USER_ID")
                .setParameter("c", campaign).setParameter("sending", RecipientStatus.SENDING.name())
                .setParameter("before", markedBefore).setMaxResults(max).getResultList()) {
            Object[] columns = (Object[]) row;
            found.add(new InDoubt((String) columns[0], (String) columns[1], ((Number) columns[2]).intValue()));
        }
        return found;
    }

    /** The next queued recipients after {@code afterUserId}, in user id order, as Keycloak has them now. */
    List<Turn> next(String campaign, String afterUserId, int size) {
        List<Turn> turns = new ArrayList<>();
        for (Object row : em.createNativeQuery("select r.USER_ID, r.REFERENCE, r.LOCALE, r.ATTEMPTS, u.ID, u.EMAIL,"
                        + " u.ENABLED, u.EMAIL_VERIFIED, (select max(a.VALUE) from USER_ATTRIBUTE a"
                        + " where a.USER_ID = r.USER_ID and a.NAME = :level), k.OPTED_OUT_AT, k.LAST_EMAILED_AT"
                        // The keyset bound repeated on each joined table: without it PostgreSQL merge-joins them from
                        // their first row, so a page deep into a million recipients read every user before it
                        // (measured: 137 ms at a quarter of the way through 100,000, against 4 ms).
                        + " from NHS_CAMPAIGN_RECIPIENT r left join USER_ENTITY u on u.ID = r.USER_ID and u.ID > :after"
                        + " left join NHS_CAMPAIGN_CONTACT k on k.USER_ID = r.USER_ID and k.USER_ID > :after"
                        + " where r.CAMPAIGN_ID = :c and r.STATUS = :queued and r.USER_ID > :after order by r.USER_ID")
                .setParameter("level", UserAttributes.IDENTITY_PROOFING_LEVEL).setParameter("c", campaign)
                .setParameter("queued", RecipientStatus.QUEUED.name()).setParameter("after", afterUserId)
                .setMaxResults(size).getResultList()) {
            Object[] c = (Object[]) row;
            turns.add(new Turn((String) c[0], (String) c[1], (String) c[2], ((Number) c[3]).intValue(), c[4] != null,
                    (String) c[5], Boolean.TRUE.equals(c[6]), Boolean.TRUE.equals(c[7]), (String) c[8], longOrNull(c[9]),
                    longOrNull(c[10])));
        }
        return turns;
    }

    private static Long longOrNull(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    /**
     * The reference a recipient's email carries: theirs from an earlier attempt (so one citizen's emails can always
     * be found by it), or a new random one.
     */
    static String referenceFor(Turn turn) {
        return turn.reference() != null ? turn.reference() : UUID.randomUUID().toString();
    }

    /** Marks recipients sending with their references ({@code user id -> reference}), in one batch. */
    void markSending(String campaign, Map<String, String> references, long now) {
        List<Object[]> rows = new ArrayList<>();
        references.forEach((user, reference) -> rows.add(new Object[] {RecipientStatus.SENDING.name(), reference,
                now, campaign, user, RecipientStatus.QUEUED.name()}));
        batch("update NHS_CAMPAIGN_RECIPIENT set STATUS = ?, REFERENCE = ?, UPDATED_AT = ?"
                + " where CAMPAIGN_ID = ? and USER_ID = ? and STATUS = ?", rows);
    }

    /**
     * Moves recipients on, each to the status given, with {@code detail} (a fixed phrase, never personal data) and,
     * for those whose send did not go, one more attempt counted; in one batch.
     */
    void settle(String campaign, Map<String, RecipientStatus> to, Map<String, String> detail,
            Collection<String> attempted, long now) {
        List<Object[]> rows = new ArrayList<>();
        to.forEach((user, status) -> rows.add(new Object[] {status.name(), detail.get(user),
                attempted.contains(user) ? 1 : 0, now, campaign, user}));
        batch("update NHS_CAMPAIGN_RECIPIENT set STATUS = ?, DETAIL = ?, ATTEMPTS = ATTEMPTS + ?, UPDATED_AT = ?"
                + " where CAMPAIGN_ID = ? and USER_ID = ?", rows);
    }

    /**
     * One statement for many rows, sent to the database in one round trip (JDBC batching on the transaction's own
     * connection): a page's hundred updates cost about what one does.
     */
    void batch(String sql, List<Object[]> rows) {
        batch(em, sql, rows);
    }

    /**
     * The database's product, lower case and in one word: {@code postgresql}, {@code mysql}, {@code mariadb},
     * {@code h2}, or whatever else its driver calls it. For the few statements databases spell differently.
     */
    static String database(EntityManager em) {
        String[] name = new String[1];
        em.runWithConnection((Connection connection) -> name[0] = connection.getMetaData().getDatabaseProductName());
        String product = name[0] == null ? "" : name[0].toLowerCase(java.util.Locale.ROOT);
        return product.contains("postgres") ? "postgresql" : product.contains("mariadb") ? "mariadb"
                : product.contains("mysql") ? "mysql" : product.equals("h2") ? "h2" : product;
    }

    static void batch(EntityManager em, String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        em.runWithConnection((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        if (row[i] == null) {
                            statement.setNull(i + 1, Types.VARCHAR);
                        } else {
                            statement.setObject(i + 1, row[i]);
                        }
                    }
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        });
    }

    /** Recipients whose sends Notify would not take {@code max} times fail: the campaign goes on without them. */
    void failExhausted(String campaign, java.util.Set<String> attempted, int max) {
        if (attempted.isEmpty()) {
            return;
        }
        em.createNativeQuery("update NHS_CAMPAIGN_RECIPIENT set STATUS = :failed where CAMPAIGN_ID = :c"
                        + " and STATUS = :queued and ATTEMPTS >= :max and USER_ID in (:users)")
                .setParameter("failed", RecipientStatus.FAILED.name()).setParameter("c", campaign)
                .setParameter("queued", RecipientStatus.QUEUED.name()).setParameter("max", max)
                .setParameter("users", attempted).executeUpdate();
    }

    /** Running campaigns of every realm, held or not. */
    List<CampaignEntity> running() {
        return em.createQuery("select c from CampaignEntity c where c.state = :running order by c.startedAt, c.id",
                CampaignEntity.class).setParameter("running", CampaignState.RUNNING).getResultList();
    }

    /** Recipients of the campaign in each status, e.g. {@code {QUEUED=120}}. */
    static Map<RecipientStatus, Long> counts(KeycloakSession session, String campaign) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        Map<RecipientStatus, Long> counts = new java.util.EnumMap<>(RecipientStatus.class);
        for (Object row : em.createNativeQuery("select STATUS, count(*) from NHS_CAMPAIGN_RECIPIENT"
                + " where CAMPAIGN_ID = :id group by STATUS").setParameter("id", campaign).getResultList()) {
            Object[] columns = (Object[]) row;
            counts.put(RecipientStatus.valueOf((String) columns[0]), ((Number) columns[1]).longValue());
        }
        return counts;
    }

    /** Whether nothing is left to do: none queued, none sending. */
    boolean drained(String campaign) {
        return em.createNativeQuery("select 1 from NHS_CAMPAIGN_RECIPIENT where CAMPAIGN_ID = :c"
                        + " and STATUS in (:queued, :sending)").setParameter("c", campaign)
                .setParameter("queued", RecipientStatus.QUEUED.name())
                .setParameter("sending", RecipientStatus.SENDING.name()).setMaxResults(1).getResultList().isEmpty();
    }
}
