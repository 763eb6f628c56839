package io.pangea.api;

import org.osgi.service.component.annotations.ComponentPropertyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Writes the {@link ProviderProperties} of a DS component:
 * {@code @PangeaProvider(capability = "compression", provider = "zstd", codec = "zstd")} together with
 * {@code @ServiceRanking(…)} or a {@code service.ranking} property.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PangeaProvider {
    String PREFIX_ = "pangea.";

    /** {@value ProviderProperties#CAPABILITY} */
    String capability();

    /** {@value ProviderProperties#PROVIDER} */
    String provider();

    /** {@value ProviderProperties#CODEC} */
    String codec();

    /** {@value ProviderProperties#REQUIRES} */
    String[] requires() default {};
}
