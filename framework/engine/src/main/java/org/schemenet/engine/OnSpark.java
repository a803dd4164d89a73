package org.schemenet.engine;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Spark implementation of an engine interface ({@link TrainingEngine}, {@link DataSource},
 * {@link SweepExecutor.Factory}): an optional binding the runner declares and the Spark application
 * fills. The runner uses it for runs and sweeps given {@code --spark MASTER}; without it (the
 * default build) {@code --spark} is refused with how to build the Spark application.
 */
@jakarta.inject.Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface OnSpark {
}
