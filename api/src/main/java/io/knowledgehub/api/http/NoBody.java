package io.knowledgehub.api.http;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint that takes no request body: one sent with it is a 400 ({@link NoBodyFilter}) rather than ignored, so
 * that {@code {"model": "bge-small-en-v1.5"}} sent to the rebuild does not start a rebuild with another model.
 * {@link #value()} says where what such a body might mean is set instead.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface NoBody {

    /** What to do instead, appended to the refusal; empty for nothing. */
    String value() default "";
}
