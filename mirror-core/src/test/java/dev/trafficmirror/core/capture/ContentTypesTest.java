package dev.trafficmirror.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentTypesTest {
  @Test
  void isForm_matchesTheFormTypeWithOrWithoutParameters_only() {
    assertThat(ContentTypes.isForm("application/x-www-form-urlencoded")).isTrue();
    assertThat(ContentTypes.isForm("Application/X-WWW-Form-Urlencoded;charset=ISO-8859-1"))
        .isTrue();
    assertThat(ContentTypes.isForm(" application/x-www-form-urlencoded ; charset=UTF-8")).isTrue();
    assertThat(ContentTypes.isForm("application/x-www-form-urlencodedx")).isFalse();
    assertThat(ContentTypes.isForm("multipart/form-data; boundary=x")).isFalse();
    assertThat(ContentTypes.isForm("text/plain")).isFalse();
    assertThat(ContentTypes.isForm(null)).isFalse();
  }

  @Test
  void isMultipart_andParameter_readTheMediaType() {
    assertThat(ContentTypes.isMultipart("Multipart/Form-Data; boundary=\"a b\"")).isTrue();
    assertThat(ContentTypes.parameter("multipart/form-data; boundary=\"a b\"", "Boundary"))
        .isEqualTo("a b");
    assertThat(ContentTypes.parameter("text/plain; charset=", "charset")).isNull();
    assertThat(ContentTypes.parameter(null, "charset")).isNull();
  }
}
