package org.nhsloginkeycloak.connectors.pds;

import java.util.Optional;

/**
 * Where the bearer token for PDS comes from: none (a stand-in or the open sandbox), a fixed token from the options, or
 * NHS England's signed-JWT client credentials ({@link SignedJwtTokenSource}). One per node, shared by every session.
 */
interface PdsTokenSource {

    /** The token to send now; empty to send no {@code Authorization} at all. */
    Optional<String> token() throws TokenUnavailable;

    /** PDS answered 401 to {@code token}: a source that can get another forgets this one. */
    void refused(String token);

    /** For server info: which source, never a secret. */
    String name();

    /** No token: calls go without {@code Authorization}. */
    PdsTokenSource NONE = new PdsTokenSource() {
        @Override
        public Optional<String> token() {
            return Optional.empty();
        }

        @Override
        public void refused(String token) {
        }

        @Override
        public String name() {
            return "none";
        }
    };

    /** The token given in {@code access-token}, sent as it is; it cannot be renewed, so a 401 changes nothing. */
    final class Static implements PdsTokenSource {

        private final String token;

        Static(String token) {
            this.token = token;
        }

        @Override
        public Optional<String> token() {
            return Optional.of(token);
        }

        @Override
        public void refused(String token) {
        }

        @Override
        public String name() {
            return "static";
        }

        @Override
        public String toString() {
            return "static token";
        }
    }

    /** No token could be had; {@link #why()} is what the PDS call answers. No stack trace: the log line says it all. */
    final class TokenUnavailable extends Exception {

        private final PdsAnswer.Why why;

        TokenUnavailable(PdsAnswer.Why why) {
            super(why.name(), null, false, false);
            this.why = why;
        }

        PdsAnswer.Why why() {
            return why;
        }
    }
}
