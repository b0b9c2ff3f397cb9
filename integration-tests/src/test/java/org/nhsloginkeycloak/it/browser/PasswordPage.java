package org.nhsloginkeycloak.it.browser;

import com.microsoft.playwright.Page;

/** Create a password: new and confirmed. */
public final class PasswordPage extends NhsPage {

    public PasswordPage(Page page) {
        super(page);
    }

    public void choose(String password, String confirmation) {
        type("#password-new", password);
        type("#password-confirm", confirmation);
        pressEnterAndWait();
    }
}
