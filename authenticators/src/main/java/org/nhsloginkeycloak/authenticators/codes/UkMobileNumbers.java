package org.nhsloginkeycloak.authenticators.codes;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/** Reads a UK mobile number however a citizen types it and writes it as E.164, the form stored and released. */
public final class UkMobileNumbers {

    private static final PhoneNumberUtil NUMBERS = PhoneNumberUtil.getInstance();
    /**
     * Ofcom keeps 07700 900000 to 07700 900999 for drama: never anyone's phone, so test accounts and the sandpit use
     * them. libphonenumber calls them invalid, and so does production: only a server started with
     * {@code --spi-authenticator--nhs-sms-code--accept-drama-numbers=true} (the sandpit, the tests) lets them through.
     */
    private static final String DRAMA_RANGE = "+447700900";

    /** Server-wide, set once at start-up by {@link SmsCodeAuthenticatorFactory#init}; off unless configured. */
    private static volatile boolean acceptDramaNumbers;

    private UkMobileNumbers() {
    }

    /** Whether Ofcom's drama range counts as a UK mobile: for development and test servers only. */
    public static void acceptDramaNumbers(boolean accept) {
        acceptDramaNumbers = accept;
    }

    /** {@code 07700 900 123}, {@code +44 7700 900123} or {@code 0044...} to {@code +447700900123}; empty if not a UK mobile. */
    public static Optional<String> toE164(String typed) {
        if (typed == null || typed.isBlank() || typed.length() > 30) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = NUMBERS.parse(typed, "GB");
            if (number.hasExtension()) {
                return Optional.empty();
            }
            String e164 = NUMBERS.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            boolean mobile = NUMBERS.isValidNumberForRegion(number, "GB")
                    && NUMBERS.getNumberType(number) == PhoneNumberUtil.PhoneNumberType.MOBILE;
            boolean drama = acceptDramaNumbers && e164.startsWith(DRAMA_RANGE) && e164.length() == DRAMA_RANGE.length() + 3;
            return mobile || drama ? Optional.of(e164) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
