package dev.kefu.admin.boundary;

import dev.kefu.admin.control.ConsoleMessages;
import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.agent.boundary.Accounts;
import dev.kefu.shared.RuleViolation;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.primefaces.PrimeFaces;

/**
 * The top bar's "Change password" dialog: the signed-in admin changes their own password, given the
 * current one. Local accounts only; with the identity provider the dialog is not offered.
 */
@Named
@ViewScoped
public class OwnPassword implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String FORM = "ownPasswordForm";

  @Inject CurrentAdmin admin;
  @Inject Accounts accounts;

  private String currentPassword;
  private String newPassword;

  /** Whether the caller has a password here to change. */
  public boolean isOffered() {
    return accounts.local();
  }

  /** Changes the password; a wrong current one or a too short new one is refused at its field. */
  public void save() {
    try {
      accounts.changeOwnPassword(
          admin.actor(),
          admin.agent().id(),
          currentPassword == null ? null : currentPassword.toCharArray(),
          newPassword == null ? null : newPassword.toCharArray());
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "staff.ownPasswordChanged");
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (RuleViolation refused) {
      ConsoleMessages.refused(refused, FORM);
    } finally {
      currentPassword = null;
      newPassword = null;
    }
  }

  public String getCurrentPassword() {
    return null;
  }

  public void setCurrentPassword(String currentPassword) {
    this.currentPassword = currentPassword;
  }

  public String getNewPassword() {
    return null;
  }

  public void setNewPassword(String newPassword) {
    this.newPassword = newPassword;
  }
}
