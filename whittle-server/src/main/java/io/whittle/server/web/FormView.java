package io.whittle.server.web;

import io.whittle.connector.Instructions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's connector form as the page draws it: the connector's name, the provider's fields (plain ones first,
 * advanced ones folded away) with what was entered and each field's error, and the provider's own instructions
 * beside them. Secret fields never carry a value: a new form leaves them empty, an edit form says a value is stored.
 */
public record FormView(String providerId, String providerName, String action, boolean edit, String name,
                       Optional<String> nameError, List<FieldView> fields, Instructions instructions,
                       Optional<String> formError, boolean saveUnverified, long version) {

    /**
     * One field.
     *
     * @param kind       text, secret, multiline-secret, multiline-text, choice or switch
     * @param value      what was entered (always empty for secrets)
     * @param hidden     whether the field is hidden for the values entered so far (it depends on another field)
     * @param shownWhen  the field it depends on and the values that show it ({@code data-} attributes for app.js)
     * @param stored     on an edit form: a secret is stored for this field
     * @param placeholder a text field's default, shown while it is empty
     */
    public record FieldView(String key, String label, String kind, boolean required, boolean advanced, String help,
                            String value, List<Option> choices, Optional<String> error, boolean hidden,
                            Optional<String> shownWhenField, String shownWhenValues, boolean stored,
                            String placeholder) {
        public FieldView {
            Objects.requireNonNull(key, "key");
            choices = List.copyOf(choices);
        }

        public boolean secret() {
            return kind.equals("secret") || kind.equals("multiline-secret");
        }

        /** The ids of the help and error texts, for {@code aria-describedby}; null (no attribute) without them. */
        public String describedBy() {
            String ids = ((help.isEmpty() && !stored ? "" : key + "-help ") + (error.isPresent() ? key + "-error" : ""))
                    .strip();
            return ids.isEmpty() ? null : ids;
        }
    }

    /** One option of a choice field. */
    public record Option(String value, String label, boolean selected) {
    }

    public FormView {
        fields = List.copyOf(fields);
    }

    public List<FieldView> basic() {
        return fields.stream().filter(f -> !f.advanced()).toList();
    }

    public List<FieldView> advanced() {
        return fields.stream().filter(FieldView::advanced).toList();
    }

    /** Open the advanced part when one of its fields has a value or an error. */
    public boolean advancedOpen() {
        return advanced().stream().anyMatch(f -> f.error().isPresent() || (!f.value().isEmpty() && !f.kind()
                .equals("switch")) || (f.kind().equals("switch") && f.value().equals("true")));
    }

    public String nameDescribedBy() {
        return "name-help" + (nameError.isPresent() ? " name-error" : "");
    }
}
