package dev.channels.spring.autoconfigure;

import dev.channels.spring.listener.ChannelListener;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Runtime hints for {@link ChannelListener} methods, which are found and invoked by reflection:
 * each gets a hint to invoke it, and a batch listener's list element type (read from the method's
 * generic signature to check it against the channel's element type) a hint for its type.
 * Registered in {@code META-INF/spring/aot.factories}.
 */
final class ChannelListenerAotProcessor implements BeanRegistrationAotProcessor {
    @Override
    public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> type = registeredBean.getBeanClass();
        if (!AnnotationUtils.isCandidateClass(type, ChannelListener.class)) {
            return null;
        }
        Map<Method, ChannelListener> methods = MethodIntrospector.selectMethods(type,
                (MethodIntrospector.MetadataLookup<ChannelListener>)
                        method -> AnnotatedElementUtils.findMergedAnnotation(method, ChannelListener.class));
        if (methods.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> {
            ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
            methods.forEach((method, annotation) -> {
                reflection.registerMethod(method, ExecutableMode.INVOKE);
                if (annotation.batchSize() != 0 && method.getParameterCount() == 1) {
                    Class<?> element = ResolvableType.forMethodParameter(method, 0).as(List.class).getGeneric(0).resolve();
                    if (element != null && element != Object.class) {
                        reflection.registerType(element);
                    }
                }
            });
        };
    }
}
