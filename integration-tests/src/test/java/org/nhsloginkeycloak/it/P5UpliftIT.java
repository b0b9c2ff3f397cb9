package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.PdsFaults;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * A P0 citizen at a partner that asks for P5 steps up in the same sign-in: their details, traced against the PDS
 * stand-in's synthetic patients (listed in its mappings README).
 */
@ExtendWith(SandpitExtension.class)
class P5UpliftIT {

    private static final String UPLIFT_FORM = "#nhs-uplift-form";

    private Sandpit sandpit;
    private AdminApi admin;
    private String citizen;
    private final java.util.List<String> others = new java.util.ArrayList<>();

    @BeforeEach
    void aP0Citizen(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
        citizen = admin.createCitizen("uplift", TestMobiles.next());
    }

    @AfterEach
    void cleanUp() {
        new PdsFaults(sandpit.pds()).clear();
        admin.deleteUser(citizen);
        others.forEach(admin::deleteUser);
    }

    private static Map<String, String> ffionJones() {
        return new HashMap<>(Map.of("given-name", "Ffion", "family-name", "Jones", "dob-day", "1", "dob-month", "6",
                "dob-year", "1992", "postcode", "cf10 1aa", "nhs-number", ""));
    }

    /** Signs in at the P5 partner up to the uplift form. */
    private Citizen.Landing upliftForm(Citizen browser, Partner.AuthorizationRequest request) {
        Citizen.Landing form = browser.signIn(request.uri(), citizen, AdminApi.TEST_PASSWORD);
        assertThat(form.page().selectFirst(UPLIFT_FORM)).as("the uplift form").isNotNull();
        return form;
    }

    @Test
    void aUniqueMatchRaisesTheCitizenToP5AndThePartnerGetsP5() {
        Partner partner = Partner.vaccinationRecord(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid profile");
        Citizen browser = new Citizen(sandpit);

        URI back = browser.submit(upliftForm(browser, request), UPLIFT_FORM, ffionJones()).redirect();

        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        JsonNode idToken = Json.jwtPayload(tokens.path("id_token").asText());
        assertThat(idToken.path("vot").asText()).isEqualTo("P5.Cp.Cd");
        assertThat(idToken.path("nhs_number").asText()).isEqualTo("9990001006");
        assertThat(idToken.path("family_name").asText()).isEqualTo("JONES");
        assertThat(idToken.path("birthdate").asText()).isEqualTo("1992-06-01");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isEqualTo("P5");
        assertThat(admin.attribute(citizen, "gp_ods_code")).isEqualTo("Y12345");
        assertThat(admin.user(citizen).path("firstName").asText()).isEqualTo("Ffion");
        // This citizen's mobile is not on Ffion's record.
        assertThat(admin.attribute(citizen, "phone_number_pds_matched")).isNotEqualTo("true");
    }

    @Test
    void whenThe2faMobileIsOnTheRecordThePartnerIsToldItMatches() {
        // Ffion's record holds 07700 900100, in national form: the same number as +447700900100.
        String matching = admin.createCitizen("uplift-amnv", "+447700900100");
        others.add(matching);
        Partner partner = Partner.vaccinationRecord(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid phone");
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing form = browser.signIn(request.uri(), matching, AdminApi.TEST_PASSWORD);

        URI back = browser.submit(form, UPLIFT_FORM, ffionJones()).redirect();

        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        JsonNode userinfo = Json.parse(partner.userinfo(tokens.path("access_token").asText()).body());
        assertThat(userinfo.path("phone_number").asText()).isEqualTo("+447700900100");
        assertThat(userinfo.path("phone_number_pds_matched").asBoolean()).isTrue();
    }

    @Test
    void noMatchSaysWhatToDoWithoutSayingWhichDetailWasWrongAndKeepsTheCitizenAtP0() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> wrong = ffionJones();
        wrong.put("dob-day", "2");

        Citizen.Landing again = browser.submit(upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid")),
                UPLIFT_FORM, wrong);

        assertThat(again.page().selectFirst("#nhs-error-summary").text())
                .contains("We could not find your NHS record with these details").contains("2 more times");
        assertThat(again.page().selectFirst(UPLIFT_FORM)).isNotNull();
        assertThat(again.page().selectFirst("input#given-name").val()).as("what they typed is kept").isEqualTo("Ffion");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isNotEqualTo("P5");
        assertThat(admin.attribute(citizen, "nhs_number")).isNull();
    }

    @Test
    void tooManyMatchesReadsLikeNoMatch() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> john = new HashMap<>(Map.of("given-name", "John", "family-name", "Smith", "dob-day", "1",
                "dob-month", "1", "dob-year", "1980", "postcode", "LS1 4AP"));

        Citizen.Landing again = browser.submit(upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid")),
                UPLIFT_FORM, john);

        assertThat(again.page().selectFirst("#nhs-error-summary").text())
                .contains("We could not find your NHS record with these details");
        assertThat(admin.attribute(citizen, "nhs_number")).isNull();
    }

    @Test
    void aDeceasedRecordNeverUplifts() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> morgan = new HashMap<>(Map.of("given-name", "Morgan", "family-name", "Evans", "dob-day", "3",
                "dob-month", "3", "dob-year", "1940", "postcode", "NP20 1AA"));

        Citizen.Landing again = browser.submit(upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid")),
                UPLIFT_FORM, morgan);

        assertThat(again.page().selectFirst(UPLIFT_FORM)).isNotNull();
        assertThat(admin.attribute(citizen, "nhs_number")).isNull();
    }

    @Test
    void badInputGetsAnErrorAtEachFieldEscapedAndNothingIsTraced() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> bad = new HashMap<>(Map.of("given-name", "<script>alert(1)</script>", "family-name", "",
                "dob-day", "31", "dob-month", "2", "dob-year", "1992", "postcode", "75001", "nhs-number", "9990001007"));
        int tracesBefore = sandpit.pds().server().getAllServeEvents().size();

        Citizen.Landing again = browser.submit(upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid")),
                UPLIFT_FORM, bad);

        assertThat(again.page().select("#nhs-error-summary li")).hasSize(5);
        assertThat(again.page().select("#nhs-error-summary a").eachAttr("href"))
                .containsExactly("#given-name", "#family-name", "#dob-day", "#postcode", "#nhs-number");
        assertThat(again.page().selectFirst("input#given-name").val()).isEqualTo("<script>alert(1)</script>");
        assertThat(again.page().select("script").stream().map(org.jsoup.nodes.Element::data))
                .noneMatch(script -> script.contains("alert(1)"));
        assertThat(sandpit.pds().server().getAllServeEvents()).hasSize(tracesBefore);
    }

    @Test
    void whenPdsIsDownTheDetailsAreKeptAndTheCitizenCarriesOnWhenItIsBack() {
        Partner partner = Partner.vaccinationRecord(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid");
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing form = upliftForm(browser, request);
        PdsFaults faults = new PdsFaults(sandpit.pds());
        faults.serverError();

        Citizen.Landing down = browser.submit(form, UPLIFT_FORM, ffionJones());

        assertThat(down.page().selectFirst("#nhs-error-summary").text()).contains("We cannot check your details right now");
        assertThat(down.page().selectFirst("input#family-name").val()).isEqualTo("Jones");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isNotEqualTo("P5");

        faults.clear();
        URI back = browser.submit(down, UPLIFT_FORM, Map.of()).redirect();

        assertThat(Partner.query(back)).containsKey("code");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isEqualTo("P5");
    }

    @Test
    void anNhsNumberAnotherAccountHoldsIsNotLinked() {
        String holder = admin.createCitizen("holder", TestMobiles.next());
        others.add(holder);
        admin.setAttributes(holder, Map.of("nhs_number", "9990001006", "identity_proofing_level", "P5"));
        Citizen browser = new Citizen(sandpit);

        Citizen.Landing again = browser.submit(upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid")),
                UPLIFT_FORM, ffionJones());

        assertThat(again.page().selectFirst("#nhs-error-summary").text()).contains("you already have an NHS login");
        assertThat(admin.attribute(citizen, "nhs_number")).isNull();
        assertThat(admin.attribute(holder, "nhs_number")).isEqualTo("9990001006");
    }

    @Test
    void afterThreeTracesThatFindNoOneTheCitizenWaitsUntilTomorrow() {
        Citizen browser = new Citizen(sandpit);
        Map<String, String> wrong = ffionJones();
        wrong.put("dob-day", "2");
        Citizen.Landing page = upliftForm(browser, Partner.vaccinationRecord(sandpit).authorize("openid"));
        for (int i = 0; i < 3; i++) {
            page = browser.submit(page, UPLIFT_FORM, wrong);
        }
        assertThat(page.page().selectFirst("#nhs-error-summary").text()).contains("You cannot try again today");

        Citizen.Landing refused = browser.submit(page, UPLIFT_FORM, ffionJones());

        assertThat(refused.page().selectFirst("#nhs-error-summary").text()).contains("You have tried too many times today");
        assertThat(admin.attribute(citizen, "nhs_number")).isNull();
    }

    @Test
    void aP0SessionStepsUpWithoutSigningInAgain() {
        Citizen browser = new Citizen(sandpit);
        Partner p0Partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest p0 = p0Partner.authorize("openid");
        p0Partner.code(p0, browser.signIn(p0.uri(), citizen, AdminApi.TEST_PASSWORD).redirect());

        Partner p5Partner = Partner.vaccinationRecord(sandpit);
        Partner.AuthorizationRequest p5 = p5Partner.authorize("openid");
        Citizen.Landing form = browser.open(p5.uri());

        assertThat(form.page().selectFirst(UPLIFT_FORM)).as("straight to the uplift, no password").isNotNull();
        URI back = browser.submit(form, UPLIFT_FORM, ffionJones()).redirect();
        JsonNode tokens = Json.parse(p5Partner.redeem(p5Partner.code(p5, back), p5.codeVerifier()).body());
        assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P5.Cp.Cd");
    }

    @Test
    void aP9RequestFromAP0CitizenIsStillRefusedNotUplifted() {
        Partner.AuthorizationRequest p9 = Partner.gpServices(sandpit).authorize("openid");

        Citizen.Landing landing = new Citizen(sandpit).signIn(p9.uri(), citizen, AdminApi.TEST_PASSWORD);

        assertThat(Partner.query(landing.redirect())).containsEntry("error", "access_denied");
    }
}
