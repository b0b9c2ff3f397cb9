package org.nhsloginkeycloak.authenticators.uplift;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpliftDetailsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    private static Map<String, String> ffion() {
        Map<String, String> form = new HashMap<>(Map.of("given-name", " Ffion ", "family-name", "JONES", "dob-day", "1",
                "dob-month", "6", "dob-year", "1992", "postcode", "cf101aa"));
        return form;
    }

    private static UpliftDetails.Reading read(Map<String, String> form) {
        return UpliftDetails.read(form::get, TODAY);
    }

    @Test
    void goodDetailsAreReadTrimmedWithTheDateAndAPostcodeInItsUsualForm() {
        UpliftDetails details = read(ffion()).details().orElseThrow();

        assertThat(details.givenName()).isEqualTo("Ffion");
        assertThat(details.familyName()).isEqualTo("JONES");
        assertThat(details.birthDate()).isEqualTo(LocalDate.of(1992, 6, 1));
        assertThat(details.postcode()).isEqualTo("CF10 1AA");
        assertThat(details.nhsNumber()).isNull();
        assertThat(details.toString()).doesNotContain("Ffion", "JONES", "1992", "CF10");
    }

    @Test
    void welshHyphenatedAndApostrophedNamesAreWelcome() {
        Map<String, String> form = ffion();
        form.put("given-name", "Siân");
        form.put("family-name", "AP DAFYDD-O’BRIEN");

        UpliftDetails details = read(form).details().orElseThrow();

        assertThat(details.familyName()).as("a typographic apostrophe is PDS's plain one").isEqualTo("AP DAFYDD-O'BRIEN");
    }

    @Test
    void anNhsNumberMayBeGivenWithSpacesAndMustPassItsCheckDigit() {
        Map<String, String> form = ffion();
        form.put("nhs-number", "999 000 1006");
        assertThat(read(form).details().orElseThrow().nhsNumber()).isEqualTo("9990001006");

        form.put("nhs-number", "999 000 1007");
        assertThat(read(form).errors()).containsEntry("nhs-number", "nhs-uplift-error-nhs-number");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no first name           | given-name  | ''                                        | given-name  | nhs-uplift-error-given-missing",
            "a 36-letter first name  | given-name  | ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEF      | given-name  | nhs-uplift-error-given-too-long",
            "markup in a name        | family-name | <script>alert(1)</script>                 | family-name | nhs-uplift-error-family-characters",
            "a wildcard in a name    | family-name | JON*                                      | family-name | nhs-uplift-error-family-characters",
            "a 100-character name    | family-name | " + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA | family-name | nhs-uplift-error-family-too-long",
            "the 31st of February    | dob-day     | 31                                        | dob-day     | nhs-uplift-error-dob-real",
            "letters for a day       | dob-day     | first                                     | dob-day     | nhs-uplift-error-dob-real",
            "a postcode abroad       | postcode    | 75001                                     | postcode    | nhs-uplift-error-postcode-uk",
            "markup for a postcode   | postcode    | <b>CF10</b>                               | postcode    | nhs-uplift-error-postcode-uk",
            "no postcode             | postcode    | '   '                                     | postcode    | nhs-uplift-error-postcode-missing",
    })
    void badInputIsAnErrorAtItsField(String what, String field, String value, String errorField, String key) {
        Map<String, String> form = ffion();
        form.put(field, value);
        if (what.equals("the 31st of February")) {
            form.put("dob-month", "2");
        }

        UpliftDetails.Reading reading = read(form);

        assertThat(reading.details()).as(what).isEmpty();
        assertThat(reading.errors()).as(what).containsExactly(Map.entry(errorField, key));
    }

    @Test
    void fiveHundredCharactersOfNameAreRefusedAtTheField() {
        Map<String, String> form = ffion();
        form.put("given-name", "a".repeat(500));

        assertThat(read(form).errors()).containsExactly(Map.entry("given-name", "nhs-uplift-error-given-too-long"));
    }

    @Test
    void aDateOfBirthTomorrowOrBefore1900IsRefused() {
        Map<String, String> form = ffion();
        form.putAll(Map.of("dob-day", "25", "dob-month", "11", "dob-year", "2026"));
        assertThat(read(form).errors()).containsEntry("dob-day", "nhs-uplift-error-dob-future");

        form.putAll(Map.of("dob-day", "1", "dob-month", "1", "dob-year", "1899"));
        assertThat(read(form).errors()).containsEntry("dob-day", "nhs-uplift-error-dob-real");

        form.putAll(Map.of("dob-day", "", "dob-month", "", "dob-year", ""));
        assertThat(read(form).errors()).containsEntry("dob-day", "nhs-uplift-error-dob-missing");
    }

    @Test
    void everyProblemIsReportedAtOnceInTheOrderOfTheForm() {
        UpliftDetails.Reading reading = read(Map.of());

        assertThat(reading.errors().keySet()).containsExactly("given-name", "family-name", "dob-day", "postcode");
    }
}
