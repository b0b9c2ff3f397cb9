package org.nhsloginkeycloak.core.userprofile;

import java.util.List;
import org.keycloak.provider.ConfiguredProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.validate.AbstractStringValidator;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidatorConfig;
import org.nhsloginkeycloak.core.NhsNumber;

/**
 * User-profile validator {@value #PROVIDER_ID}: the value is a valid NHS number (ten digits, Modulus 11 check digit).
 * A pattern validator alone would accept nine in ten mistyped numbers.
 *
 * <p>Like Keycloak's own validators it is a stateless singleton that is also its factory ({@code SimpleValidator}).
 * An attribute with no value passes, so a citizen not yet traced stays valid; make the attribute required to demand one.
 */
public final class NhsNumberValidator extends AbstractStringValidator implements ConfiguredProvider {

    public static final String PROVIDER_ID = "nhs-number";
    /** Message key, resolved from the theme's or the realm's messages; {@code {0}} is the attribute's display name. */
    public static final String MESSAGE_INVALID = "nhs-error-invalid-nhs-number";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    protected void doValidate(String value, String inputHint, ValidationContext context, ValidatorConfig config) {
        // Stored numbers are ten bare digits: the grouped form people type is for forms that normalise it first.
        if (value.length() != 10 || !NhsNumber.isValid(value)) {
            context.addError(new ValidationError(PROVIDER_ID, inputHint, MESSAGE_INVALID));
        }
    }

    @Override
    public String getHelpText() {
        return "Checks that the value is a valid NHS number: 10 digits whose last is the Modulus 11 check digit.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
