package dev.channels.spring.autoconfigure;

import dev.channels.Channel;
import dev.channels.spring.registry.ChannelRegistry;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;

/**
 * Registers every singleton {@link Channel} bean in the {@link ChannelRegistry} under its bean
 * name, whoever defined it, and removes it when the bean is destroyed. That is how an
 * application's own {@code @Bean Channel} gets metrics, health and the endpoint.
 */
final class ChannelRegistryBeanPostProcessor implements DestructionAwareBeanPostProcessor, BeanFactoryAware {
    private final ObjectProvider<ChannelRegistry> registry;
    private ConfigurableListableBeanFactory beanFactory;
    /** The registry the beans went to; used again at destruction, when lookups may fail. */
    private volatile ChannelRegistry channels;

    /**
     * Creates the post-processor.
     *
     * @param registry the registry, looked up when the first channel bean appears
     */
    ChannelRegistryBeanPostProcessor(ObjectProvider<ChannelRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory instanceof ConfigurableListableBeanFactory listable ? listable : null;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof Channel<?> channel && isSingleton(beanName)) {
            ChannelRegistry target = channels;
            if (target == null) {
                target = registry.getObject();
                channels = target;
            }
            target.register(beanName, channel);
        }
        return bean;
    }

    @Override
    public boolean requiresDestruction(Object bean) {
        return bean instanceof Channel<?>;
    }

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) throws BeansException {
        if (bean instanceof Channel<?> channel) {
            ChannelRegistry target = channels;
            if (target != null) {
                target.remove(beanName, channel);
            }
        }
    }

    private boolean isSingleton(String beanName) {
        return beanFactory != null && beanFactory.containsBeanDefinition(beanName)
                && beanFactory.getMergedBeanDefinition(beanName).isSingleton();
    }
}
