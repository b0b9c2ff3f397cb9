package org.nhsloginkeycloak.campaigns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * A campaign's funnel: emailed, clicked, signed in, uplift started, reached P5 (each counted once per recipient, see
 * {@link CampaignFunnelListenerFactory}), and unsubscribed beside it; as numbers and as a chart.
 */
record CampaignFunnel(String campaignName, Map<String, Long> steps, long unsubscribed) {

    private static final String[] LABELS = {"Emailed", "Clicked the link", "Signed in", "Started the uplift",
        "Reached P5"};

    static CampaignFunnel of(KeycloakSession session, CampaignEntity campaign) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        Object[] row = (Object[]) em.createNativeQuery("select count(case when STATUS = :sent then 1 end),"
                        + " count(CLICKED_AT), count(SIGNED_IN_AT), count(UPLIFT_STARTED_AT), count(REACHED_P5_AT),"
                        + " count(UNSUBSCRIBED_AT) from NHS_CAMPAIGN_RECIPIENT where CAMPAIGN_ID = :c")
                .setParameter("sent", RecipientStatus.SENT.name()).setParameter("c", campaign.getId())
                .getSingleResult();
        Map<String, Long> steps = new LinkedHashMap<>();
        String[] keys = {"emailed", "clicked", "signed-in", "uplift-started", "reached-p5"};
        for (int i = 0; i < keys.length; i++) {
            steps.put(keys[i], ((Number) row[i]).longValue());
        }
        return new CampaignFunnel(campaign.getName(), steps, ((Number) row[5]).longValue());
    }

    void write(ObjectNode json) {
        ObjectNode funnel = json.putObject("funnel");
        steps.forEach(funnel::put);
        json.put("unsubscribed", unsubscribed);
    }

    /** The funnel as bars, each as wide as its share of those emailed, with its count and percentage. */
    String svg() {
        int width = 640;
        int bar = 36;
        int gap = 14;
        int top = 48;
        long emailed = Math.max(1, steps.get("emailed"));
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width
                + "\" height=\"" + (top + LABELS.length * (bar + gap) + 30) + "\" role=\"img\" aria-labelledby=\"t\""
                + " font-family=\"Arial, sans-serif\" font-size=\"14\">");
        svg.append("<title id=\"t\">Funnel of the campaign ").append(escape(campaignName)).append("</title>");
        svg.append("<text x=\"0\" y=\"24\" font-size=\"18\" font-weight=\"bold\">").append(escape(campaignName))
                .append("</text>");
        int i = 0;
        for (Map.Entry<String, Long> step : steps.entrySet()) {
            int y = top + i * (bar + gap);
            double share = step.getValue() / (double) emailed;
            int length = (int) Math.round(Math.min(1, share) * (width - 200));
            svg.append("<text x=\"0\" y=\"").append(y + bar / 2 + 5).append("\">").append(LABELS[i]).append("</text>");
            svg.append("<rect class=\"step\" id=\"").append(step.getKey()).append("\" x=\"140\" y=\"").append(y)
                    .append("\" width=\"").append(Math.max(length, 1)).append("\" height=\"").append(bar)
                    .append("\" fill=\"#005eb8\"/>");
            svg.append("<text x=\"").append(146 + Math.max(length, 1)).append("\" y=\"").append(y + bar / 2 + 5)
                    .append("\">").append(step.getValue()).append(" (")
                    .append(String.format(Locale.ROOT, "%.1f", share * 100)).append("%)</text>");
            i++;
        }
        svg.append("<text x=\"0\" y=\"").append(top + LABELS.length * (bar + gap) + 16).append("\" fill=\"#4c6272\">")
                .append(unsubscribed).append(" unsubscribed</text>");
        return svg.append("</svg>").toString();
    }

    /** A page with the chart and the same numbers as a table, for an administrator's browser. */
    String html() {
        StringBuilder rows = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, Long> step : steps.entrySet()) {
            rows.append("<tr><th scope=\"row\">").append(LABELS[i++]).append("</th><td>").append(step.getValue())
                    .append("</td></tr>");
        }
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Campaign funnel: "
                + escape(campaignName) + "</title></head><body style=\"font-family: Arial, sans-serif\">" + svg()
                + "<table><caption>Recipients at each step</caption>" + rows + "<tr><th scope=\"row\">Unsubscribed</th>"
                + "<td>" + unsubscribed + "</td></tr></table></body></html>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
