package org.nhsloginkeycloak.core;

/**
 * Puts untrusted input into an error message: quoted, shortened, control characters escaped, so a hostile request
 * parameter can neither flood a log line nor forge a new one.
 */
public final class Quoted {

    private static final int MAX_LENGTH = 40;

    private Quoted() {
    }

    public static String of(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int limit = Math.min(value.length(), MAX_LENGTH);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            // ISO controls (C0, DEL, C1 incl. NEL) and the Unicode line and paragraph separators all break log lines.
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (value.length() > MAX_LENGTH) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
