package io.gatewarden.parse;

/** "provider/model" references as OpenClaw writes them; the model id may itself contain '/'. */
final class ModelRefs {
    private ModelRefs() {}

    /** The provider part of "provider/model", or null when there is no '/'. */
    static String provider(String ref) {
        if (ref == null) return null;
        int slash = ref.indexOf('/');
        return slash > 0 ? ref.substring(0, slash) : null;
    }

    /** The model part of "provider/model"; the whole text when there is no '/'. */
    static String model(String ref) {
        if (ref == null) return null;
        int slash = ref.indexOf('/');
        if (slash < 0) return ref.isEmpty() ? null : ref;
        return slash + 1 < ref.length() ? ref.substring(slash + 1) : null;
    }
}
