package org.nhsloginkeycloak.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CampaignRequestTest {

    private static final String EN = "a1b2c3d4-0000-4000-8000-000000000001";
    private static final String CY = "a1b2c3d4-0000-4000-8000-000000000002";

    @Test
    void aFullRequestIsReadAsWritten() {
        CampaignRequest request = CampaignRequest.parse("""
                {"name": "  Winter uplift ", "templates": {"en": "%s", "cy": "%s"},
                 "audience": {"registered-before": "2026-01-01", "signed-in-since": "2025-06-01", "locale": "cy"}}""".formatted(EN, CY));

        assertThat(request.name()).isEqualTo("Winter uplift");
        assertThat(request.englishTemplate()).isEqualTo(EN);
        assertThat(request.welshTemplate()).isEqualTo(CY);
        assertThat(request.audience()).isEqualTo(new Audience(LocalDate.of(2026, 1, 1), LocalDate.of(2025, 6, 1),
                "cy"));
        assertThat(request.audience().registeredBeforeMillis()).isEqualTo(1767225600000L);
        assertThat(request.audience().signedInSinceMillis()).isEqualTo(1748736000000L);
        assertThat(request.perMinute()).as("the server's rate unless it asks for less").isNull();
        assertThat(CampaignRequest.parse("""
                {"name": "Slow", "templates": {"en": "%s", "cy": "%s"}, "per-minute": 600}""".formatted(EN, CY))
                .perMinute()).isEqualTo(600);
    }

    @Test
    void withoutAnAudienceItIsEveryP0CitizenWhoCanBeEmailed() {
        CampaignRequest request = CampaignRequest.parse("""
                {"name": "All", "templates": {"en": "%s", "cy": "%s"}}""".formatted(EN, CY));
        assertThat(request.audience()).isEqualTo(Audience.EVERYONE);
        assertThat(CampaignRequest.parse("""
                {"name": "All", "templates": {"en": "%s", "cy": "%s"}, "audience": {}}""".formatted(EN, CY)).audience())
                .isEqualTo(Audience.EVERYONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                       | {"name":                                  | The body is not JSON
            an array                       | []                                        | The body must be a JSON object with name, templates and audience
            no name                        | {"templates": TEMPLATES}                  | name is required: a few words an administrator will recognise
            a blank name                   | {"name": "  ", "templates": TEMPLATES}    | name is required: a few words an administrator will recognise
            a name that is not text        | {"name": 7, "templates": TEMPLATES}       | name is required: a few words an administrator will recognise
            no templates                   | {"name": "x"}                             | templates is required: {"en": id, "cy": id}, the GOV.UK Notify email template for each language
            no Welsh template              | {"name": "x", "templates": {"en": "EN"}}  | templates.cy must be the id of a GOV.UK Notify email template (a UUID)
            a template that is not a UUID  | {"name": "x", "templates": {"en": "welcome", "cy": "CY"}} | templates.en must be the id of a GOV.UK Notify email template (a UUID)
            a third language               | {"name": "x", "templates": {"en": "EN", "cy": "CY", "fr": "EN"}} | Unknown field templates.fr; expected templates.cy, templates.en
            a rate of none                 | {"name": "x", "templates": TEMPLATES, "per-minute": 0} | per-minute must be a whole number of emails a minute, from 1 to 1000000
            a fractional rate              | {"name": "x", "templates": TEMPLATES, "per-minute": 1.5} | per-minute must be a whole number of emails a minute, from 1 to 1000000
            a rate in words                | {"name": "x", "templates": TEMPLATES, "per-minute": "fast"} | per-minute must be a whole number of emails a minute, from 1 to 1000000
            a rate beyond any service      | {"name": "x", "templates": TEMPLATES, "per-minute": 1000001} | per-minute must be a whole number of emails a minute, from 1 to 1000000
            an unknown field               | {"name": "x", "templates": TEMPLATES, "audiences": {}} | Unknown field audiences; expected audience, name, per-minute, templates
            an unknown audience field      | {"name": "x", "templates": TEMPLATES, "audience": {"level": "P5"}} | Unknown field audience.level; expected audience.locale, audience.registered-before, audience.signed-in-since
            an audience that is not an object | {"name": "x", "templates": TEMPLATES, "audience": "all"} | audience must be an object, e.g. {"registered-before": "2026-01-01"}
            a date that is not a date      | {"name": "x", "templates": TEMPLATES, "audience": {"registered-before": "2026-02-30"}} | audience.registered-before must be a date, YYYY-MM-DD
            a date as a number             | {"name": "x", "templates": TEMPLATES, "audience": {"registered-before": 20260101}} | audience.registered-before must be a date, YYYY-MM-DD
            a sign-in day that is not a day | {"name": "x", "templates": TEMPLATES, "audience": {"signed-in-since": "yesterday"}} | audience.signed-in-since must be a date, YYYY-MM-DD
            a locale we do not speak       | {"name": "x", "templates": TEMPLATES, "audience": {"locale": "fr"}} | audience.locale must be "en" or "cy"
            """)
    void eachBadRequestSaysWhatIsWrong(String what, String body, String reason) {
        String json = body.replace("TEMPLATES", "{\"en\": \"EN\", \"cy\": \"CY\"}").replace("\"EN\"", "\"" + EN + "\"")
                .replace("\"CY\"", "\"" + CY + "\"");
        assertThatThrownBy(() -> CampaignRequest.parse(json)).as(what).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
    }

    @Test
    void aNameLongerThanTheColumnIsRefused() {
        String name = "n".repeat(CampaignRequest.NAME_LIMIT + 1);
        assertThatThrownBy(() -> CampaignRequest.parse("""
                {"name": "%s", "templates": {"en": "%s", "cy": "%s"}}""".formatted(name, EN, CY)))
                .hasMessage("name must be at most 100 characters");
    }
}
