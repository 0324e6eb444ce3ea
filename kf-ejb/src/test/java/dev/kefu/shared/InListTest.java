package dev.kefu.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.Query;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InListTest {

  @Test
  void theKeysArePaddedToAPowerOfTwoWithTheLastKey() {
    InList list = InList.of("ids", List.of("a", "b", "c"));

    assertThat(list.size()).isEqualTo(4);
    assertThat(list.placeholders()).isEqualTo("(:ids0, :ids1, :ids2, :ids3)");
    assertThat(bound(list))
        .containsExactly(
            Map.entry("ids0", "a"),
            Map.entry("ids1", "b"),
            Map.entry("ids2", "c"),
            Map.entry("ids3", "c"));
  }

  @Test
  void aListThatIsAPowerOfTwoIsBoundAsItIs() {
    assertThat(InList.of("v", List.of("x")).placeholders()).isEqualTo("(:v0)");
    assertThat(bound(InList.of("v", List.of("x", "y")))).containsOnlyKeys("v0", "v1");
  }

  @Test
  void aHundredKeysMakeOneOfElevenShapes() {
    List<Integer> keys = IntStream.range(0, 100).boxed().toList();
    InList list = InList.of("k", keys);

    assertThat(list.size()).isEqualTo(128);
    assertThat(bound(list)).hasSize(128).containsEntry("k99", 99).containsEntry("k127", 99);
    assertThat(
            IntStream.rangeClosed(1, InList.MOST)
                .mapToObj(n -> InList.of("k", Collections.nCopies(n, "x")).placeholders())
                .distinct())
        .hasSize(11);
  }

  @Test
  void noKeysOrTooManyAreRefused() {
    assertThatThrownBy(() -> InList.of("ids", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InList.of("ids", Collections.nCopies(InList.MOST + 1, "x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aGroupOfKeysIsSplitIntoListsOfAtMostTheMostWithoutRepeats() {
    List<Integer> keys = new ArrayList<>(IntStream.range(0, InList.MOST + 3).boxed().toList());
    keys.addAll(List.of(0, 5, InList.MOST + 2));

    List<InList> chunks = InList.chunksOf("ids", keys);

    assertThat(chunks).extracting(InList::size).containsExactly(InList.MOST, 4);
    assertThat(bound(chunks.get(0))).containsEntry("ids0", 0).containsEntry("ids1023", 1023);
    assertThat(bound(chunks.get(1)).values()).containsExactly(1024, 1025, 1026, 1026);
    assertThat(InList.chunksOf("ids", List.of("a", "a")))
        .extracting(InList::size)
        .containsExactly(1);
    assertThat(InList.chunksOf("ids", List.of())).isEmpty();
  }

  /** The parameters {@link InList#bindTo} sets on a query, in order. */
  private static Map<String, Object> bound(InList list) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    Query query =
        (Query)
            Proxy.newProxyInstance(
                Query.class.getClassLoader(),
                new Class<?>[] {Query.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("setParameter") && args.length == 2) {
                    parameters.put((String) args[0], args[1]);
                    return proxy;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    assertThat(list.bindTo(query)).isSameAs(query);
    return parameters;
  }
}
