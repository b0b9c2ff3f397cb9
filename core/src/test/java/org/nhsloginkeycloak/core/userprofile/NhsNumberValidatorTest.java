package org.nhsloginkeycloak.core.userprofile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidatorConfig;

class NhsNumberValidatorTest {

    private final NhsNumberValidator validator = new NhsNumberValidator();

    @Test
    void acceptsAValidNhsNumber() {
        assertThat(validate("9990000018").isValid()).isTrue();
    }

    @Test
    void rejectsAPatternMatchWithAWrongCheckDigitUnderItsMessageKey() {
        ValidationContext context = validate("9990000017");
        assertThat(context.isValid()).isFalse();
        assertThat(context.getErrors()).extracting(ValidationError::getMessage, ValidationError::getInputHint)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("nhs-error-invalid-nhs-number", "nhs_number"));
    }

    @Test
    void rejectsTheGroupedFormBecauseStoredNumbersAreBareDigits() {
        assertThat(validate("999 000 0018").isValid()).isFalse();
    }

    @Test
    void checksEveryValueOfAMultiValuedInput() {
        assertThat(validate(List.of("9990000018", "12345")).isValid()).isFalse();
    }

    @Test
    void leavesAnUnsetAttributeValidSoRequirednessStaysTheUserProfilesDecision() {
        assertThat(validate(List.of()).isValid()).isTrue();
    }

    private ValidationContext validate(Object input) {
        return validator.validate(input, "nhs_number", new ValidationContext(), ValidatorConfig.EMPTY);
    }
}
