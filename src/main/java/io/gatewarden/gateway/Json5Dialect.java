package io.gatewarden.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON5 that OpenClaw accepts, as gatewarden reads it: Jackson's lenient read features here, plus the pre-pass
 * in {@link Json5Extensions} for what they miss (hex numbers, line continuations, {@code \x} escapes). The one place
 * this dialect is defined: {@link Json5Reader} parses with it and {@link Json5Editor} locates values with it, so a
 * file the reader accepts is a file the editor can splice.
 */
final class Json5Dialect {
    private Json5Dialect() {}

    // Duplicate keys are accepted, the last one wins: that is what OpenClaw's JSON5 parser does.
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
                    JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            // never echo file content (it may hold a key) in a parse error
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY).build();
}
