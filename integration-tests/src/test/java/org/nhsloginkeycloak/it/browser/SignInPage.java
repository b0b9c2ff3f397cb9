package org.nhsloginkeycloak.it.browser;

import com.microsoft.playwright.Page;

/** Enter your email address and password. */
public final class SignInPage extends NhsPage {

    public SignInPage(Page page) {
        super(page);
    }

    /** Types both and presses Enter in the password field. */
    public void signIn(String email, String password) {
        type("#username", email);
        type("#password", password);
        pressEnterAndWait();
    }

    public void submitEmpty() {
        tabTo("#kc-login");
        pressEnterAndWait();
    }

    /** The "Create an NHS login" link, by keyboard. */
    public void startRegistration() {
        tabTo("#nhs-register");
        pressEnterAndWait();
    }

    public void forgottenPassword() {
        tabTo("#nhs-forgot-password");
        pressEnterAndWait();
    }
}
