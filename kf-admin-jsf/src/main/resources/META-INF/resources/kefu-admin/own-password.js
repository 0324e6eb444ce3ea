// The signed-in user's name in the top bar opens the "Change password" dialog, where the account
// has a password here (local accounts). A listener on the document survives Ajax updates.
(function () {
  'use strict';

  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('#userName');
    if (!link) {
      return;
    }
    event.preventDefault();
    if (link.dataset.kfOwnPassword === 'true' && window.PF && PF('ownPasswordDialog')) {
      PF('ownPasswordDialog').show();
    }
  });
})();
