package org.nhsloginkeycloak.authenticators.details;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.connectors.pds.PdsContactDetails;

class DetailsChangeTest {

    private static DetailsChange.Reading read(DetailsChange.Kind kind, Map<String, String> form) {
        return DetailsChange.read(kind, form::get);
    }

    @Test
    void anAddressIsItsLinesWithoutBlanksAndAPostcodeAsPdsWritesIt() {
        Map<String, String> form = new HashMap<>(Map.of("address-line-1", " 4 New Street ", "address-line-3",
                "Cardiff", "address-postcode", "cf101aa"));
        DetailsChange change = read(DetailsChange.Kind.ADDRESS, form).change().orElseThrow();

        assertThat(change.lines()).containsExactly("4 New Street", "Cardiff");
        assertThat(change.value()).isEqualTo("CF10 1AA");
        assertThat(change.fields()).containsEntry("address-line-1", "4 New Street")
                .containsEntry("address-line-2", "Cardiff").containsEntry("address-line-5", "")
                .containsEntry("address-postcode", "CF10 1AA");
    }

    @Test
    void anAddressNeedsALineAndARealPostcodeAndEachLineHasALimit() {
        assertThat(read(DetailsChange.Kind.ADDRESS, Map.of()).errors())
                .containsEntry("address-line-1", "nhs-details-error-address-missing")
                .containsEntry("address-postcode", "nhs-uplift-error-postcode-missing");
        assertThat(read(DetailsChange.Kind.ADDRESS, Map.of("address-line-1", "1 Road", "address-line-2",
                "x".repeat(DetailsChange.MAX_LINE + 1), "address-line-4", "Tab\there", "address-postcode", "NOT A CODE"))
                .errors()).containsOnlyKeys("address-line-2", "address-line-4", "address-postcode")
                .containsEntry("address-postcode", "nhs-uplift-error-postcode-uk");
    }

    @Test
    void aMobileIsAUkMobileInE164() {
        assertThat(read(DetailsChange.Kind.MOBILE, Map.of("mobile", "07400 123 456")).change().orElseThrow().value())
                .isEqualTo("+447400123456");
        assertThat(read(DetailsChange.Kind.MOBILE, Map.of("mobile", "0113 496 0000")).errors())
                .containsEntry("mobile", "nhs-mobile-not-uk");
        assertThat(read(DetailsChange.Kind.MOBILE, Map.of()).errors())
                .containsEntry("mobile", "nhs-details-error-mobile-missing");
    }

    @Test
    void anEmailIsLowerCaseAndWithinWhatPdsTakes() {
        assertThat(read(DetailsChange.Kind.EMAIL, Map.of("email", " Name@Example.ORG ")).change().orElseThrow()
                .value()).isEqualTo("name@example.org");
        assertThat(read(DetailsChange.Kind.EMAIL, Map.of("email", "a@b.c")).errors())
                .as("under PDS's 7 characters").containsEntry("email", "nhs-details-error-email-real");
        assertThat(read(DetailsChange.Kind.EMAIL, Map.of("email", "x".repeat(80) + "@example.org")).errors())
                .as("over PDS's 89").containsEntry("email", "nhs-details-error-email-real");
        assertThat(read(DetailsChange.Kind.EMAIL, Map.of("email", "not an address")).errors())
                .containsEntry("email", "nhs-details-error-email-real");
    }

    @Test
    void aChangeReplacesItsOwnFieldOnlyAndFormFieldsNamingAnythingElseAreNotRead() {
        PdsContactDetails now = new PdsContactDetails(List.of("1 Old Road"), "LS1 4AP", "07700 900100",
                "old@example.org");
        Map<String, String> forged = new HashMap<>(Map.of("mobile", "07400123457", "name", "Someone ELSE",
                "birthDate", "2000-01-01", "email", "forged@example.org", "address-line-1", "9 Forged Street"));

        PdsContactDetails after = read(DetailsChange.Kind.MOBILE, forged).change().orElseThrow().applyTo(now);

        assertThat(after).isEqualTo(new PdsContactDetails(List.of("1 Old Road"), "LS1 4AP", "+447400123457",
                "old@example.org"));
    }

    @Test
    void aChangeSurvivesItsNoteAndItsTextHoldsNoValue() {
        DetailsChange change = read(DetailsChange.Kind.ADDRESS, Map.of("address-line-1", "4 New Street",
                "address-postcode", "LS1 4AP")).change().orElseThrow();

        assertThat(DetailsChange.fromNote(change.toNote())).contains(change);
        assertThat(DetailsChange.fromNote("not json")).isEmpty();
        assertThat(DetailsChange.fromNote(null)).isEmpty();
        assertThat(change.toString()).doesNotContain("New Street").doesNotContain("LS1");
    }

    @Test
    void kindsAreNamedAsTheFormNamesThem() {
        assertThat(DetailsChange.Kind.named("address")).contains(DetailsChange.Kind.ADDRESS);
        assertThat(DetailsChange.Kind.named("name")).as("no kind of change for a name").isEmpty();
        assertThat(DetailsChange.Kind.named(null)).isEmpty();
    }
}
