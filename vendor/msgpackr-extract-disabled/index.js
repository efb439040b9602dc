// msgpackr catches this and uses its pure-JavaScript decoder (see ../package.json for why).
throw new Error('msgpackr-extract is disabled in Hotwash');
