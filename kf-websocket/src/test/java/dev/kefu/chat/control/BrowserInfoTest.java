package dev.kefu.chat.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrowserInfoTest {

  @Test
  void readsDeviceAndBrowser() {
    assertThat(
            BrowserInfo.of(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"))
        .isEqualTo(new BrowserInfo("desktop", "Chrome 131"));
    assertThat(
            BrowserInfo.of(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"))
        .isEqualTo(new BrowserInfo("mobile", "Safari 17"));
    assertThat(
            BrowserInfo.of(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91"))
        .isEqualTo(new BrowserInfo("desktop", "Edge 120"));
    assertThat(
            BrowserInfo.of(
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47"))
        .isEqualTo(new BrowserInfo("mobile", "WeChat 8"));
    assertThat(
            BrowserInfo.of(
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"))
        .isEqualTo(new BrowserInfo("desktop", "Firefox 128"));
    assertThat(BrowserInfo.of(null)).isEqualTo(new BrowserInfo(null, null));
  }
}
