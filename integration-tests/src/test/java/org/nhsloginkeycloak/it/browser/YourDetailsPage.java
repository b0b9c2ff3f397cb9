package org.nhsloginkeycloak.it.browser;

import com.microsoft.playwright.Page;
import java.util.List;

/** Your details: what PDS holds, and at P9 the forms that change the address, mobile and email, all by keyboard. */
public final class YourDetailsPage extends NhsPage {

    public YourDetailsPage(Page page) {
        super(page);
    }

    public String value(String id) {
        return page.textContent("#nhs-details-" + id).trim();
    }

    /** The success or information message at the top, empty when there is none. */
    public String notice() {
        return page.locator("#nhs-notice").count() == 0 ? "" : page.textContent("#nhs-notice").trim();
    }

    /** Opens the form for {@code kind} ({@code address}, {@code mobile}, {@code email}) with its "Change". */
    public void change(String kind) {
        submitByKeyboard("#nhs-details-change-" + kind + "-button");
    }

    /** On the address form: replaces the lines (up to five; the rest emptied) and the postcode, then saves. */
    public void saveAddress(List<String> lines, String postcode) {
        for (int i = 1; i <= 5; i++) {
            replace("#address-line-" + i, i <= lines.size() ? lines.get(i - 1) : "");
        }
        replace("#address-postcode", postcode);
        submitByKeyboard("#nhs-details-save");
    }

    /** On the mobile or email form: replaces the value and saves. */
    public void saveValue(String field, String value) {
        replace("#" + field, value);
        submitByKeyboard("#nhs-details-save");
    }

    /** Back to the service, by keyboard. */
    public void carryOn() {
        submitByKeyboard("#nhs-details-continue");
    }

    private void replace(String selector, String text) {
        tabTo(selector);
        page.keyboard().press("Control+A");
        page.keyboard().press("Delete");
        if (!text.isEmpty()) {
            page.keyboard().type(text);
        }
    }
}
