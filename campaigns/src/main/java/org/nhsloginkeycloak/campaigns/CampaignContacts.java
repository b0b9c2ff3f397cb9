package org.nhsloginkeycloak.campaigns;

import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * {@code NHS_CAMPAIGN_CONTACT}: what every campaign must know about a citizen, whichever campaign learnt it. An
 * opt-out is honoured by every later campaign; the last email holds them back from any campaign within the frequency
 * cap; the last sign-in (of a P0 citizen, at most once a day) lets an audience be those who signed in since a day.
 */
final class CampaignContacts {

    private final EntityManager em;

    CampaignContacts(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Records the citizen's opt-out; the first one stands. */
    void optOut(String realmId, String userId, long now) {
        touch(realmId, List.of(userId), "OPTED_OUT_AT", now, true);
    }

    /** Records that these citizens were emailed now. */
    void emailed(String realmId, Collection<String> userIds, long now) {
        touch(realmId, userIds, "LAST_EMAILED_AT", now, false);
    }

    /**
     * Sets {@code column} to {@code at} on each citizen's row, making the rows that are missing. One upsert where the
     * database has one (PostgreSQL, MySQL and MariaDB, H2), so a row another transaction makes at the same moment (a
     * citizen's first sign-in while the runner settles their email) is updated instead of failing this transaction,
     * which for the runner would leave a whole page in doubt, and for a citizen unsubscribing an error page; elsewhere
     * (and on H2 when the first value must stand), an update of the rows there and an insert of the rest.
     *
     * @param keepFirst a value already there stands (an opt-out is dated by the first)
     */
    private void touch(String realmId, Collection<String> userIds, String column, long at, boolean keepFirst) {
        if (userIds.isEmpty()) {
            return;
        }
        List<String> sorted = userIds.stream().sorted().toList();
        String upsert = switch (CampaignQueue.database(em)) {
            case "postgresql" -> "insert into NHS_CAMPAIGN_CONTACT (USER_ID, REALM_ID, " + column + ") values (?, ?, ?)"
                    + " on conflict (USER_ID) do update set " + column + " = " + (keepFirst ? "coalesce("
                    + "NHS_CAMPAIGN_CONTACT." + column + ", excluded." + column + ")" : "excluded." + column);
            case "mysql", "mariadb" -> "insert into NHS_CAMPAIGN_CONTACT (USER_ID, REALM_ID, " + column + ") values"
                    + " (?, ?, ?) on duplicate key update " + column + " = " + (keepFirst ? "coalesce(" + column
                    + ", values(" + column + "))" : "values(" + column + ")");
            case "h2" -> keepFirst ? null : "merge into NHS_CAMPAIGN_CONTACT (USER_ID, REALM_ID, " + column
                    + ") key (USER_ID) values (?, ?, ?)";
            default -> null;
        };
        List<Object[]> rows = new java.util.ArrayList<>();
        if (upsert != null) {
            sorted.forEach(user -> rows.add(new Object[] {user, realmId, at}));
            CampaignQueue.batch(em, upsert, rows);
            return;
        }
        Set<String> known = existing(sorted);
        if (!known.isEmpty()) {
            em.createNativeQuery("update NHS_CAMPAIGN_CONTACT set " + column + " = :at where USER_ID in (:users)"
                    + (keepFirst ? " and " + column + " is null" : "")).setParameter("at", at)
                    .setParameter("users", known).executeUpdate();
        }
        for (String user : sorted) {
            if (!known.contains(user)) {
                rows.add(new Object[] {user, realmId, at});
            }
        }
        CampaignQueue.batch(em, "insert into NHS_CAMPAIGN_CONTACT (USER_ID, REALM_ID, " + column + ") values (?, ?, ?)",
                rows);
    }


    /** What is known of a citizen's sign-ins: no row at all, or the row's latest sign-in (null for none yet). */
    record SignIns(boolean row, Long last) {
    }

    SignIns signIns(String userId) {
        List<?> rows = em.createNativeQuery("select LAST_SIGNED_IN_AT from NHS_CAMPAIGN_CONTACT where USER_ID = :user")
                .setParameter("user", userId).getResultList();
        return rows.isEmpty() ? new SignIns(false, null)
                : new SignIns(true, rows.get(0) == null ? null : ((Number) rows.get(0)).longValue());
    }

    /** Records a sign-in on the citizen's row; false when they have none yet. */
    boolean signedIn(String userId, long at) {
        return em.createNativeQuery("update NHS_CAMPAIGN_CONTACT set LAST_SIGNED_IN_AT = :at where USER_ID = :user")
                .setParameter("at", at).setParameter("user", userId).executeUpdate() > 0;
    }

    /** Gives the citizen a row with this sign-in, or records it on the row another node or the runner just made. */
    void firstSignIn(String realmId, String userId, long at) {
        touch(realmId, List.of(userId), "LAST_SIGNED_IN_AT", at, false);
    }

    boolean optedOut(String userId) {
        return !em.createNativeQuery("select 1 from NHS_CAMPAIGN_CONTACT where USER_ID = :user"
                + " and OPTED_OUT_AT is not null").setParameter("user", userId).getResultList().isEmpty();
    }

    @SuppressWarnings("unchecked")
    private Set<String> existing(Collection<String> userIds) {
        return new HashSet<>((List<String>) em.createNativeQuery("select USER_ID from NHS_CAMPAIGN_CONTACT"
                + " where USER_ID in (:users)").setParameter("users", userIds).getResultList());
    }
}
