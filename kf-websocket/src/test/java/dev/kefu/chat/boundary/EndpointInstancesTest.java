package dev.kefu.chat.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ejb.Singleton;
import jakarta.ejb.Stateless;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EndpointInstancesTest {

  static class Base {
    @Inject Object shared;
    String perSocket;
  }

  static class Endpoint extends Base {
    @Inject StringBuilder alsoShared;
    int counter;
  }

  @Test
  void eachSocketGetsANewInstanceHoldingTheSameCollaborators() throws Exception {
    AtomicInteger injections = new AtomicInteger();
    Endpoint template = new Endpoint();
    template.shared = new Object();
    template.alsoShared = new StringBuilder();
    template.perSocket = "the template's own";
    template.counter = 7;
    EndpointInstances instances =
        new EndpointInstances(
            type -> {
              injections.incrementAndGet();
              return template;
            });

    Endpoint first = instances.getEndpointInstance(Endpoint.class);
    Endpoint second = instances.getEndpointInstance(Endpoint.class);

    assertThat(first).isNotSameAs(second).isNotSameAs(template);
    assertThat(first.shared).isSameAs(second.shared).isSameAs(template.shared);
    assertThat(first.alsoShared).isSameAs(template.alsoShared);
    assertThat(first.perSocket).isNull();
    assertThat(first.counter).isZero();
    assertThat(injections).hasValue(1);
  }

  /**
   * Sharing is only safe for collaborators without per-client state: an EJB that is stateless or a
   * singleton, or an application-scoped bean. A {@code @Dependent} or stateful collaborator added
   * to an endpoint fails here.
   */
  @Test
  void everyCollaboratorOfAnEndpointMayBeShared() {
    List<String> unshareable = new ArrayList<>();
    for (Class<?> endpoint : List.of(VisitorEndpoint.class, AgentEndpoint.class)) {
      for (Class<?> type = endpoint; type != Object.class; type = type.getSuperclass()) {
        for (Field field : type.getDeclaredFields()) {
          if (!field.isAnnotationPresent(Inject.class)) {
            continue;
          }
          Class<?> collaborator = field.getType();
          if (!collaborator.isAnnotationPresent(Stateless.class)
              && !collaborator.isAnnotationPresent(Singleton.class)
              && !collaborator.isAnnotationPresent(ApplicationScoped.class)) {
            unshareable.add(type.getSimpleName() + "." + field.getName());
          }
        }
      }
    }
    assertThat(unshareable).isEmpty();
  }
}
