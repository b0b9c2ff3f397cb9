package org.nhsloginkeycloak.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignFunnelTest {

    private static CampaignFunnel funnel() {
        Map<String, Long> steps = new LinkedHashMap<>();
        steps.put("emailed", 200L);
        steps.put("clicked", 50L);
        steps.put("signed-in", 40L);
        steps.put("uplift-started", 30L);
        steps.put("reached-p5", 20L);
        return new CampaignFunnel("Winter <uplift> & more", steps, 3);
    }

    @Test
    void eachBarIsAsWideAsItsShareOfThoseEmailedWithItsCountAndPercentage() {
        String svg = funnel().svg();
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                .contains("id=\"emailed\" x=\"140\" y=\"48\" width=\"440\"")
                .contains("id=\"clicked\" x=\"140\" y=\"98\" width=\"110\"")
                .contains("id=\"reached-p5\" x=\"140\" y=\"248\" width=\"44\"")
                .contains(">20 (10.0%)<").contains(">3 unsubscribed<");
    }

    @Test
    void theNameIsEscapedInTheChartAndThePage() {
        assertThat(funnel().svg()).contains("Winter &lt;uplift&gt; &amp; more").doesNotContain("<uplift>");
        assertThat(funnel().html()).contains("<tr><th scope=\"row\">Reached P5</th><td>20</td></tr>")
                .doesNotContain("<uplift>");
    }

    @Test
    void nobodyEmailedYetDrawsNoBarsAndDividesByNothing() {
        Map<String, Long> none = new LinkedHashMap<>();
        for (String step : new String[] {"emailed", "clicked", "signed-in", "uplift-started", "reached-p5"}) {
            none.put(step, 0L);
        }
        assertThat(new CampaignFunnel("Empty", none, 0).svg()).contains(">0 (0.0%)<").doesNotContain("NaN");
    }
}
