package dev.kefu.web.boundary;

import dev.kefu.web.control.oidc.OidcSettings;
import dev.kefu.web.control.oidc.OidcSignIn;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The addresses of the sign-in through the corporate provider: {@code start} sends the browser to
 * the provider; {@code callback} is where it comes back, handled by the authentication mechanism
 * before this servlet is reached. Both answer 404 while Kefu uses its own accounts.
 */
@WebServlet(urlPatterns = {OidcSignIn.START, OidcSignIn.CALLBACK})
public class OidcServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Inject transient OidcSettings settings;
  @Inject transient OidcSignIn signIn;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "no-store");
    if (!settings.enabled()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    if (OidcSignIn.START.equals(request.getServletPath())) {
      signIn.start(request, response, request.getParameter("next"));
    } else if (!response.isCommitted()) {
      // A callback the mechanism did not answer: a signed-in session arriving here again.
      response.sendRedirect(request.getContextPath() + "/agent/");
    }
  }
}
