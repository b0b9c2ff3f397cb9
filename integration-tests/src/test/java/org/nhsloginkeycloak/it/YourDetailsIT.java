package org.nhsloginkeycloak.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * "Your details" ({@code kc_action=nhs-your-details}) as a citizen reaches it from a partner: after the password and
 * the security code, the details PDS holds, read fresh; the NHS number in full only at P9; a P0 citizen told there is
 * nothing yet; a restricted record's contacts withheld; PDS failing, a clear page; and back to the partner.
 */
@ExtendWith(SandpitExtension.class)
class YourDetailsIT {

    private Sandpit sandpit;
    private AdminApi admin;
    private final List<String> citizens = new ArrayList<>();
    private final List<StubMapping> stubs = new ArrayList<>();

    @BeforeEach
    void start(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
    }

    @AfterEach
    void cleanUp() {
        stubs.forEach(sandpit.pds().server()::removeStub);
        citizens.forEach(admin::deleteUser);
    }

    private String citizen(String level, String nhsNumber) {
        String username = admin.createCitizen("your-details", TestMobiles.next());
        citizens.add(username);
        if (level != null) {
            Map<String, String> attributes = new HashMap<>();
            attributes.put("identity_proofing_level", level);
            attributes.put("nhs_number", nhsNumber);
            admin.setAttributes(username, attributes);
        }
        return username;
    }

    /** Signed in through a partner that asks for the page, in {@code language}: where the sign-in lands. */
    private Citizen.Landing details(Citizen browser, String username, String language) {
        Map<String, String> extra = new HashMap<>(Map.of("kc_action", "nhs-your-details"));
        if (language != null) {
            extra.put("ui_locales", language);
        }
        return browser.signIn(Partner.healthInformation(sandpit).authorize("openid", extra).uri(), username,
                AdminApi.TEST_PASSWORD);
    }

    private static String text(Document page, String id) {
        return page.getElementById(id) == null ? null : page.getElementById(id).text();
    }

    @Test
    void aP5CitizenSeesTheirRecordWithTheNhsNumberMaskedAndGoesBackToThePartner() {
        String username = citizen("P5", "9990001006");
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing landing = details(browser, username, null);
        Document page = landing.page();
        assertThat(page.selectFirst("h1").text()).isEqualTo("Your details");
        assertThat(text(page, "nhs-details-name")).isEqualTo("Ffion JONES");
        assertThat(text(page, "nhs-details-birth-date")).isEqualTo("1 June 1992");
        assertThat(text(page, "nhs-details-nhs-number")).isEqualTo("*** *** 1006");
        assertThat(page.html()).as("nowhere on the page in full").doesNotContain("9990001006")
                .doesNotContain("999 000 1006");
        assertThat(text(page, "nhs-details-address")).contains("1 Example Street").contains("CF10 1AA");
        assertThat(text(page, "nhs-details-mobile")).isEqualTo("07700 900100");
        assertThat(text(page, "nhs-details-email")).isEqualTo("Not recorded");
        assertThat(text(page, "nhs-details-gp")).isEqualTo("Y12345");
        assertThat(page.getElementById("nhs-details-masked")).isNotNull();
        assertThat(text(page, "nhs-details-how")).contains("contact your GP surgery");
        assertThat(page.select("input:not([type=hidden]), textarea, select")).as("nothing to edit").isEmpty();

        Citizen.Landing back = browser.submit(landing, "#nhs-details-form", Map.of());
        assertThat(back.redirect().getQuery()).contains("code=");
    }

    @Test
    void aP9CitizenSeesTheirNhsNumberInFullInWelsh() {
        String username = citizen("P9", "9990001030");
        Document page = details(new Citizen(sandpit), username, "cy").page();
        assertThat(page.selectFirst("h1").text()).isEqualTo("Eich manylion");
        assertThat(text(page, "nhs-details-name")).isEqualTo("Siân Angharad Mererid AP DAFYDD-O'BRIEN");
        assertThat(text(page, "nhs-details-birth-date")).isEqualTo("28 Chwefror 1975");
        assertThat(text(page, "nhs-details-nhs-number")).isEqualTo("999 000 1030");
        assertThat(page.getElementById("nhs-details-masked")).isNull();
        assertThat(text(page, "nhs-details-mobile")).as("the current mobile, not the ended one")
                .isEqualTo("+44 7700 900302");
    }

    @Test
    void aP0CitizenIsToldThereIsNothingToShowYet() {
        Document page = details(new Citizen(sandpit), citizen(null, null), null).page();
        assertThat(page.getElementById("nhs-details-none")).isNotNull();
        assertThat(page.getElementById("nhs-details")).isNull();
    }

    @Test
    void aRestrictedRecordShowsNoAddressPhoneOrGp() {
        Document page = details(new Citizen(sandpit), citizen("P5", "9990001057"), null).page();
        assertThat(text(page, "nhs-details-name")).isNotBlank();
        assertThat(page.getElementById("nhs-details-restricted")).isNotNull();
        assertThat(page.getElementById("nhs-details-address")).isNull();
        assertThat(page.getElementById("nhs-details-gp")).isNull();
    }

    @Test
    void pdsFailingOrNotKnowingTheNumberGivesAClearPageAndTheWayOn() {
        String unknown = citizen("P5", "9990000034");
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing notFound = details(browser, unknown, null);
        assertThat(notFound.page().getElementById("nhs-details-not-found")).isNotNull();
        assertThat(browser.submit(notFound, "#nhs-details-form", Map.of()).redirect().getQuery()).contains("code=");

        stubs.add(sandpit.pds().server().stubFor(get(urlPathEqualTo(Sandpit.PDS_FHIR_PATH + "/Patient/9990001022"))
                .atPriority(1).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30"))));
        Document down = details(new Citizen(sandpit), citizen("P5", "9990001022"), null).page();
        assertThat(down.getElementById("nhs-details-unavailable")).isNotNull();
        assertThat(down.getElementById("nhs-details")).isNull();
    }
}
