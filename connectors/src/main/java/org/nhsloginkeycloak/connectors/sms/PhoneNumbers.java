package org.nhsloginkeycloak.connectors.sms;

/** How a phone number may appear in a log line: enough to tell two apart, not enough to call. */
public final class PhoneNumbers {

    private PhoneNumbers() {
    }

    /** {@code +447700900123} becomes {@code ******0123}; anything shorter than five characters is masked whole. */
    public static String masked(String phoneNumber) {
        if (phoneNumber == null || phoneNumber.length() < 5) {
            return "****";
        }
        return "*".repeat(phoneNumber.length() - 4) + phoneNumber.substring(phoneNumber.length() - 4);
    }

    /** The last four digits, which a page may show so the citizen knows which phone to look at. */
    public static String lastFour(String phoneNumber) {
        return phoneNumber == null || phoneNumber.length() < 4 ? "" : phoneNumber.substring(phoneNumber.length() - 4);
    }
}
